/**
 * The overview's breakdown panels, grouped as Plausible groups them: each panel has tabs,
 * a tab one table or a choice of several (the campaign dimensions). What a panel shows is
 * one table, its "choice"; the panel's tab is the one holding it.
 */
import type { Filters, TableId } from "../state/view-state.ts";
import { topTable, type TopTable } from "./top-tables.ts";

export interface PanelTab {
  readonly label: string;
  /** The first is what the tab opens with. */
  readonly tables: readonly TableId[];
}

export interface TopPanel {
  readonly id: string;
  /** The accessible name of its tab list. */
  readonly label: string;
  readonly tabs: readonly PanelTab[];
  /** Attribution the data's licence asks for wherever it is shown. */
  readonly credit?: { readonly text: string; readonly href: string };
}

const CAMPAIGNS: readonly TableId[] = ["utm_sources", "utm_mediums", "utm_campaigns", "utm_terms", "utm_contents"];

// Two columns: acquisition beside content, then place beside technology, then the two single tables.
export const TOP_PANELS: readonly TopPanel[] = [
  {
    id: "sources",
    label: "Sources",
    tabs: [
      { label: "Sources", tables: ["sources"] },
      { label: "Channels", tables: ["channels"] },
      { label: "Campaigns", tables: CAMPAIGNS },
    ],
  },
  {
    id: "pages",
    label: "Pages",
    tabs: [
      { label: "Top pages", tables: ["pages"] },
      { label: "Entry", tables: ["entry_pages"] },
      { label: "Exit", tables: ["exit_pages"] },
      { label: "Engagement", tables: ["engagement"] },
    ],
  },
  {
    id: "locations",
    label: "Locations",
    // DB-IP Lite is CC BY 4.0: pages showing its results link to DB-IP.
    credit: { text: "IP geolocation by DB-IP", href: "https://db-ip.com" },
    tabs: [
      { label: "Countries", tables: ["locations"] },
      { label: "Regions", tables: ["regions"] },
      { label: "Cities", tables: ["cities"] },
    ],
  },
  {
    id: "technology",
    label: "Browsers and systems",
    tabs: [
      { label: "Browsers", tables: ["browsers"] },
      { label: "OS", tables: ["os"] },
      { label: "Screens", tables: ["screens"] },
    ],
  },
  { id: "devices", label: "Devices", tabs: [{ label: "Devices", tables: ["devices"] }] },
  { id: "languages", label: "Languages", tabs: [{ label: "Languages", tables: ["languages"] }] },
];

export function defaultChoice(panel: TopPanel): TableId {
  return panel.tabs[0]!.tables[0]!;
}

/** The tab holding `choice` (the first tab for a table the panel does not have). */
export function tabOf(panel: TopPanel, choice: TableId): PanelTab {
  return panel.tabs.find((tab) => tab.tables.includes(choice)) ?? panel.tabs[0]!;
}

/** What the panel shows for `choice` under `filters`: with an OS filtered, that OS's versions. */
export function shownTable(choice: TableId, filters: Filters): TopTable {
  const table = topTable(choice);
  return table.drill && filters[table.filter] !== undefined ? topTable(table.drill) : table;
}
