/**
 * Everything that defines a view lives in the query string, so a URL reproduces it for
 * whoever opens it (with their own token). Parsing is total: anything unknown or
 * malformed falls back to the default instead of failing. Defaults are left out of the URL.
 */
import { COMPARISONS, type Comparison } from "../lib/comparison.ts";
import { PRESETS, isDate, isTimeZone, type Preset } from "./date-range.ts";

export const TABS = ["overview", "vitals", "events", "funnels"] as const;
export type Tab = (typeof TABS)[number];

export const KPI_METRICS = ["visits", "pageviews", "bounce_rate", "avg_session_sec"] as const;
export type KpiMetric = (typeof KPI_METRICS)[number];

/**
 * Dimensions a click in a table can filter by; named as the endpoints' parameters are
 * (page-view level first, then visit level: kit/README.md, "Filters"), in chip order.
 */
export const FILTER_KEYS = [
  "pathname",
  "referrer",
  "channel",
  "utm_source",
  "utm_medium",
  "utm_campaign",
  "utm_term",
  "utm_content",
  "entry_page",
  "exit_page",
  "location",
  "region",
  "city",
  "device",
  "browser",
  "os",
  "os_version",
  "screen",
  "language",
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Partial<Record<FilterKey, string>>;

export const VITAL_METRICS = ["LCP", "INP", "CLS", "FCP", "TTFB"] as const;
export type VitalMetric = (typeof VITAL_METRICS)[number];
export const PERCENTILES = ["p75", "p90", "p95", "p99"] as const;
export type Percentile = (typeof PERCENTILES)[number];

export const TABLE_IDS = [
  "pages",
  "entry_pages",
  "exit_pages",
  "engagement",
  "sources",
  "channels",
  "utm_sources",
  "utm_mediums",
  "utm_campaigns",
  "utm_terms",
  "utm_contents",
  "locations",
  "regions",
  "cities",
  "devices",
  "browsers",
  "os",
  "os_versions",
  "screens",
  "languages",
] as const;
export type TableId = (typeof TABLE_IDS)[number];

export interface ViewState {
  readonly tab: Tab;
  /** A preset, or undefined for the custom range in from/to. */
  readonly preset: Preset | undefined;
  readonly from?: string;
  readonly to?: string;
  /** Operators only: the tenant being looked at (a JWT's own tenant is fixed by the server). */
  readonly tenant?: string;
  readonly domain?: string;
  /** An explicit report time zone; the browser's when absent. */
  readonly tz?: string;
  readonly filters: Filters;
  /** What growth figures and the chart's second line compare the period with. */
  readonly compare: Comparison;
  readonly chart: KpiMetric;
  readonly vital: VitalMetric;
  readonly pct: Percentile;
  /** Custom events tab: the event, property and goal chosen (the first event and property when absent). */
  readonly event?: string;
  readonly property?: string;
  readonly goal?: string;
  /** Funnels tab: the saved funnel shown. */
  readonly funnel?: string;
  /** The table whose "view all" dialog is open, and its page (0-based). */
  readonly all?: TableId;
  readonly page: number;
}

export const DEFAULT_PRESET: Preset = "7d";

function oneOf<T extends string>(values: readonly T[], value: string | null, fallback: T): T {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : fallback;
}

function text(value: string | null): string | undefined {
  return value === null || value === "" ? undefined : value;
}

export function parseViewState(search: string): ViewState {
  const q = new URLSearchParams(search);
  const from = q.get("from");
  const to = q.get("to");
  const custom = isDate(from) && isDate(to) && from <= to;
  const filters: Filters = {};
  // An empty value is meaningful (direct traffic has referrer ''), so presence is what counts.
  for (const key of FILTER_KEYS) if (q.has(key)) filters[key] = q.get(key) ?? "";
  const tz = q.get("tz");
  const all = q.get("all");
  return {
    tab: oneOf(TABS, q.get("tab"), "overview"),
    preset: custom ? undefined : oneOf(PRESETS, q.get("range"), DEFAULT_PRESET),
    from: custom ? from : undefined,
    to: custom ? to : undefined,
    tenant: text(q.get("tenant")),
    domain: text(q.get("domain")),
    tz: tz && isTimeZone(tz) ? tz : undefined,
    filters,
    compare: oneOf(COMPARISONS, q.get("compare"), "previous"),
    chart: oneOf(KPI_METRICS, q.get("chart"), "visits"),
    vital: oneOf(VITAL_METRICS, q.get("vital"), "LCP"),
    pct: oneOf(PERCENTILES, q.get("pct"), "p75"),
    event: text(q.get("event")),
    property: text(q.get("property")),
    goal: text(q.get("goal")),
    funnel: text(q.get("funnel")),
    all: all !== null && (TABLE_IDS as readonly string[]).includes(all) ? (all as TableId) : undefined,
    page: Math.max(0, Math.floor(Number(q.get("page") ?? 0)) || 0),
  };
}

export function serializeViewState(s: ViewState): string {
  const q = new URLSearchParams();
  if (s.tenant) q.set("tenant", s.tenant);
  if (s.domain) q.set("domain", s.domain);
  if (s.preset === undefined && s.from && s.to) {
    q.set("from", s.from);
    q.set("to", s.to);
  } else if (s.preset && s.preset !== DEFAULT_PRESET) q.set("range", s.preset);
  if (s.tab !== "overview") q.set("tab", s.tab);
  for (const key of FILTER_KEYS) if (s.filters[key] !== undefined) q.set(key, s.filters[key]);
  if (s.compare !== "previous") q.set("compare", s.compare);
  if (s.chart !== "visits") q.set("chart", s.chart);
  if (s.vital !== "LCP") q.set("vital", s.vital);
  if (s.pct !== "p75") q.set("pct", s.pct);
  for (const key of ["event", "property", "goal", "funnel"] as const) if (s[key]) q.set(key, s[key]);
  if (s.all) q.set("all", s.all);
  if (s.all && s.page > 0) q.set("page", String(s.page));
  if (s.tz) q.set("tz", s.tz);
  const text = q.toString();
  return text ? `?${text}` : "";
}
