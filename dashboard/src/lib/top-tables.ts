/** The breakdown tables: which endpoint, which column, how to label a value, what a click filters. */
import type { DashboardPipe } from "../api/dashboard-pipes.ts";
import type { PageEngagementRow, TopColumn, TopPipe, TopRow, TopRows } from "../api/pipe-rows.ts";
import type { FilterKey, TableId } from "../state/view-state.ts";
import { countryFlag, countryName } from "./countries.ts";
import { formatDuration } from "./format.ts";
import { UNKNOWN, browserLabel, deviceLabel, languageLabel, screenLabel, sourceLabel, textLabel } from "./value-labels.ts";

export interface TopTable {
  readonly id: TableId;
  /** The heading of its panel and "view all" dialog. */
  readonly title: string;
  /** Its name among a tab's choices (the campaign dimensions). */
  readonly choice?: string;
  readonly pipe: DashboardPipe;
  /** The endpoint's dimension column. */
  readonly column: string;
  /** The filter a click on a row would set (when the endpoints accept it). */
  readonly filter: FilterKey;
  readonly header: string;
  label(value: string, row?: TopRow): string;
  icon?(value: string, row?: TopRow): string;
  /** Muted text after the label: the region and country a city is in. */
  detail?(row: TopRow): string;
  /** A 0–1 rate the endpoint returns after hits, shown as a percentage. */
  readonly rate?: { readonly column: string; readonly header: string; readonly title: string };
  /** Its visitors column when not `visits` (page_engagement counts visitors, not visits and hits). */
  readonly visitors?: string;
  /** Shown instead of hits, rate and change: averages that have no growth of their own (page_engagement's). */
  readonly metrics?: readonly TableMetric[];
  /** Shown instead while this table's own filter is set: an OS drills down into its versions. */
  readonly drill?: TableId;
  /** What an empty table means, for endpoints that list known values only. */
  readonly empty?: string;
}

export interface TableMetric {
  readonly column: string;
  readonly header: string;
  readonly title: string;
  format(value: number): string;
}

/** A table whose columns are its endpoint's (tsc fails when the kit renames one). */
interface TableSpec<P extends TopPipe> extends Omit<TopTable, "pipe" | "column" | "rate" | "label" | "icon" | "detail"> {
  readonly pipe: P;
  readonly column: TopColumn<P>;
  readonly rate?: { readonly column: TopColumn<P>; readonly header: string; readonly title: string };
  label(value: string, row?: TopRows[P]): string;
  icon?(value: string, row?: TopRows[P]): string;
  detail?(row: TopRows[P]): string;
}

const table = <P extends TopPipe>(spec: TableSpec<P>): TopTable => spec;
const page = textLabel("(none)");
const text = textLabel(UNKNOWN);
const place = (code: string) => (code === "" ? "" : countryName(code));

/** page_engagement's columns, checked against its rows as table() checks the top_* tables'. */
const engaged = <C extends Extract<keyof PageEngagementRow, string>>(column: C): C => column;

const ENGAGEMENT: TopTable = {
  id: "engagement",
  title: "Engagement",
  pipe: "page_engagement",
  column: engaged("pathname"),
  filter: "pathname",
  header: "Page",
  label: page,
  visitors: engaged("visitors"),
  metrics: [
    { column: engaged("scroll_depth"), header: "Scroll", title: "Average of each page view's deepest scroll", format: (v) => `${Math.round(v)}%` },
    { column: engaged("time_on_page"), header: "Time", title: "Average time on page, counted while it was visible and focused", format: formatDuration },
  ],
  empty: 'No engagement in this period: the tracking tag sends it with data-engagement="true".',
};

export const TOP_TABLES: readonly TopTable[] = [
  table({ id: "pages", title: "Top pages", pipe: "top_pages", column: "pathname", filter: "pathname", header: "Page", label: page }),
  table({
    id: "entry_pages",
    title: "Entry pages",
    pipe: "top_entry_pages",
    column: "entry_page",
    filter: "entry_page",
    header: "Entry page",
    label: page,
    rate: { column: "bounce_rate", header: "Bounce", title: "Visits that viewed only this page" },
  }),
  table({
    id: "exit_pages",
    title: "Exit pages",
    pipe: "top_exit_pages",
    column: "exit_page",
    filter: "exit_page",
    header: "Exit page",
    label: page,
    rate: { column: "exit_rate", header: "Exit rate", title: "Page views of this page that ended the visit" },
  }),
  ENGAGEMENT,
  table({ id: "sources", title: "Top sources", pipe: "top_sources", column: "referrer", filter: "referrer", header: "Source", label: sourceLabel }),
  table({ id: "channels", title: "Channels", pipe: "top_channels", column: "channel", filter: "channel", header: "Channel", label: text }),
  table({ id: "utm_sources", title: "Campaign sources", choice: "Source", pipe: "top_utm_sources", column: "utm_source", filter: "utm_source", header: "Source", label: text, empty: "No visits with a utm_source in this period." }),
  table({ id: "utm_mediums", title: "Campaign mediums", choice: "Medium", pipe: "top_utm_mediums", column: "utm_medium", filter: "utm_medium", header: "Medium", label: text, empty: "No visits with a utm_medium in this period." }),
  table({ id: "utm_campaigns", title: "Campaigns", choice: "Campaign", pipe: "top_utm_campaigns", column: "utm_campaign", filter: "utm_campaign", header: "Campaign", label: text, empty: "No visits with a utm_campaign in this period." }),
  table({ id: "utm_terms", title: "Campaign terms", choice: "Term", pipe: "top_utm_terms", column: "utm_term", filter: "utm_term", header: "Term", label: text, empty: "No visits with a utm_term in this period." }),
  table({ id: "utm_contents", title: "Campaign contents", choice: "Content", pipe: "top_utm_contents", column: "utm_content", filter: "utm_content", header: "Content", label: text, empty: "No visits with a utm_content in this period." }),
  table({ id: "locations", title: "Countries", pipe: "top_locations", column: "location", filter: "location", header: "Country", label: countryName, icon: countryFlag }),
  table({
    id: "regions",
    title: "Regions",
    pipe: "top_regions",
    column: "region",
    filter: "region",
    header: "Region",
    label: text,
    empty: "No visits with a known region in this period (places come from visitors' addresses).",
    icon: (_, row) => countryFlag(row?.location ?? ""),
    detail: (row) => place(row.location),
  }),
  table({
    id: "cities",
    title: "Cities",
    pipe: "top_cities",
    column: "city",
    filter: "city",
    header: "City",
    label: text,
    empty: "No visits with a known city in this period (places come from visitors' addresses).",
    icon: (_, row) => countryFlag(row?.location ?? ""),
    detail: (row) => [row.region, place(row.location)].filter(Boolean).join(", "),
  }),
  table({ id: "devices", title: "Devices", pipe: "top_devices", column: "device", filter: "device", header: "Device", label: deviceLabel }),
  table({ id: "browsers", title: "Browsers", pipe: "top_browsers", column: "browser", filter: "browser", header: "Browser", label: browserLabel }),
  table({ id: "os", title: "Operating systems", pipe: "top_os", column: "os", filter: "os", header: "Operating system", label: text, drill: "os_versions" }),
  table({
    id: "os_versions",
    title: "OS versions",
    pipe: "top_os_versions",
    column: "os_version",
    filter: "os_version",
    header: "Version",
    label: (value, row) => [row?.os, value || "(unknown version)"].filter(Boolean).join(" "),
  }),
  table({ id: "screens", title: "Screen sizes", pipe: "top_screens", column: "screen", filter: "screen", header: "Screen", label: screenLabel }),
  table({ id: "languages", title: "Languages", pipe: "top_languages", column: "language", filter: "language", header: "Language", label: languageLabel }),
];

export function topTable(id: TableId): TopTable {
  return TOP_TABLES.find((t) => t.id === id)!;
}

/** The label a filter chip shows for a value of `key`. */
export function filterLabel(key: FilterKey, value: string): string {
  const table = TOP_TABLES.find((t) => t.filter === key);
  return table ? table.label(value) : value;
}
