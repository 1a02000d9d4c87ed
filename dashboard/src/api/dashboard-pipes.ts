/**
 * The endpoints the dashboard reads, in one list that three places use: every dashboard
 * request names its pipe with this type (ApiClient.pipe), `aviary token jwt --dashboard`
 * and the dashboard's "share" action mint exactly these scopes. So a customer's token
 * cannot lack a report the dashboard shows, nor carry one it does not. No imports: the
 * CLI (src/cli/token-jwt.ts) loads this file as it is.
 */
export const DASHBOARD_PIPES = [
  "current_visitors",
  "realtime",
  "domains",
  "kpis",
  "top_pages",
  "page_engagement",
  "top_entry_pages",
  "top_exit_pages",
  "top_sources",
  "top_channels",
  "top_utm_sources",
  "top_utm_mediums",
  "top_utm_campaigns",
  "top_utm_terms",
  "top_utm_contents",
  "top_locations",
  "top_regions",
  "top_cities",
  "top_devices",
  "top_browsers",
  "top_os",
  "top_os_versions",
  "top_screens",
  "top_languages",
  "traffic_by_hour",
  "web_vitals_current",
  "web_vitals_distribution",
  "web_vitals_timeseries",
  "web_vitals_routes",
  "actions",
  "funnel",
  "funnel_definitions",
  "goals",
  "goal_definitions",
  "top_events",
  "event_properties",
  "top_event_property_values",
] as const;

export type DashboardPipe = (typeof DASHBOARD_PIPES)[number];

export interface PipeReadScope {
  readonly type: "PIPES:READ";
  readonly resource: string;
  readonly fixed_params: Readonly<Record<string, string>>;
}

/** One PIPES:READ scope per pipe name or pattern, each with the same fixed parameters (the tenant). */
export function pipeReadScopes(resources: readonly string[], fixedParams: Readonly<Record<string, string>>): PipeReadScope[] {
  return resources.map((resource) => ({ type: "PIPES:READ", resource, fixed_params: fixedParams }));
}
