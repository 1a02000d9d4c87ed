/**
 * Which table each breakdown panel shows, remembered in localStorage across visits: a
 * preference of the person looking, not part of the view, so it stays out of the URL
 * (a shared link opens with the recipient's own choices). Also remembered per tab, so
 * Campaigns reopens on the dimension last picked there. Anything stored that the panel
 * does not have is ignored.
 */
import { useCallback, useState } from "preact/compat";
import { defaultChoice, tabOf, type TopPanel } from "../lib/top-panels.ts";
import type { TableId } from "./view-state.ts";

const KEY = "aviary.dashboard.panels";

function stored(): Map<string, string> {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(KEY) ?? "{}");
    if (typeof value !== "object" || value === null || Array.isArray(value)) return new Map();
    return new Map(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  } catch {
    return new Map();
  }
}

function store(entries: Readonly<Record<string, string>>): void {
  try {
    localStorage.setItem(KEY, JSON.stringify({ ...Object.fromEntries(stored()), ...entries }));
  } catch {
    // Storage disabled or full: the choice lasts until reload.
  }
}

const tabKey = (panel: TopPanel, index: number) => `${panel.id}/${index}`;

function has(panel: TopPanel, id: string | undefined): id is TableId {
  return id !== undefined && panel.tabs.some((tab) => (tab.tables as readonly string[]).includes(id));
}

/** The panel's table and how to change it: by table (a campaign dimension) or by tab (its last table). */
export function usePanelChoice(panel: TopPanel): { choice: TableId; choose(id: TableId): void; chooseTab(index: number): void } {
  const [choice, setChoice] = useState<TableId>(() => {
    const id = stored().get(panel.id);
    return has(panel, id) ? id : defaultChoice(panel);
  });

  const choose = useCallback(
    (id: TableId) => {
      setChoice(id);
      store({ [panel.id]: id, [tabKey(panel, panel.tabs.indexOf(tabOf(panel, id)))]: id });
    },
    [panel],
  );

  const chooseTab = useCallback(
    (index: number) => {
      const tab = panel.tabs[index];
      if (!tab) return;
      const last = stored().get(tabKey(panel, index));
      choose(last !== undefined && (tab.tables as readonly string[]).includes(last) ? (last as TableId) : tab.tables[0]!);
    },
    [panel, choose],
  );

  return { choice, choose, chooseTab };
}
