/** The breakdown tables of the overview: which endpoint, which column, how to label a value. */
import type { DashboardPipe } from "../api/dashboard-pipes.ts";
import type { FilterKey, TableId } from "../state/view-state.ts";
import { countryFlag, countryName } from "./countries.ts";

export interface TopTable {
  readonly id: TableId;
  readonly title: string;
  readonly pipe: DashboardPipe;
  /** The endpoint's dimension column. */
  readonly column: string;
  /** The filter a click on a row would set (when the endpoints accept it). */
  readonly filter: FilterKey;
  readonly header: string;
  label(value: string): string;
  icon?(value: string): string;
}

// The kit's whole domain of each: anything else (another project's value, a forged row)
// shows as unknown. Maps, so a value such as "constructor" finds nothing inherited.
const DEVICES = new Map([
  ["desktop", "Desktop"],
  ["mobile-android", "Android"],
  ["mobile-ios", "iOS"],
  ["bot", "Bot"],
]);
const BROWSERS = new Map([
  ["chrome", "Chrome"],
  ["firefox", "Firefox"],
  ["safari", "Safari"],
  ["opera", "Opera"],
  ["ie", "Internet Explorer"],
  ["edge", "Edge"],
  ["samsung", "Samsung Internet"],
]);

export const TOP_TABLES: readonly TopTable[] = [
  { id: "pages", title: "Top pages", pipe: "top_pages", column: "pathname", filter: "pathname", header: "Page", label: (v) => v || "(none)" },
  { id: "sources", title: "Top sources", pipe: "top_sources", column: "referrer", filter: "referrer", header: "Source", label: (v) => v || "Direct / none" },
  { id: "locations", title: "Locations", pipe: "top_locations", column: "location", filter: "location", header: "Country", label: countryName, icon: countryFlag },
  { id: "devices", title: "Devices", pipe: "top_devices", column: "device", filter: "device", header: "Device", label: (v) => DEVICES.get(v) ?? "Unknown" },
  { id: "browsers", title: "Browsers", pipe: "top_browsers", column: "browser", filter: "browser", header: "Browser", label: (v) => BROWSERS.get(v.toLowerCase()) ?? "Unknown" },
];

export function topTable(id: TableId): TopTable {
  return TOP_TABLES.find((t) => t.id === id)!;
}

/** The label a filter chip shows for a value of `key`. */
export function filterLabel(key: FilterKey, value: string): string {
  const table = TOP_TABLES.find((t) => t.filter === key);
  return table ? table.label(value) : value;
}
