/**
 * Rows of the kit's endpoints as the dashboard reads them: inferred from the kit's own
 * definitions (type-only imports, so no server code reaches the bundle), never written twice.
 */
import type { InferOutputRow } from "@tinybirdco/sdk";
import type * as kit from "../../../kit/index.ts";

export type KpiRow = InferOutputRow<typeof kit.kpis>;
export type CurrentVisitorsRow = InferOutputRow<typeof kit.currentVisitors>;
/** One row of the live panel; `section` says which part (kit/endpoints/realtime.ts). */
export type RealtimeRow = InferOutputRow<typeof kit.realtime>;
export type TrendRow = InferOutputRow<typeof kit.trend>;
export type PageEngagementRow = InferOutputRow<typeof kit.pageEngagement>;
export type DomainRow = InferOutputRow<typeof kit.domains>;
export type ActionRow = InferOutputRow<typeof kit.actions>;
export type FunnelRow = InferOutputRow<typeof kit.funnel>;
export type GoalRow = InferOutputRow<typeof kit.goals>;
export type GoalDefinitionRow = InferOutputRow<typeof kit.goalDefinitions>;
export type FunnelDefinitionRow = InferOutputRow<typeof kit.funnelDefinitions>;
export type TopEventRow = InferOutputRow<typeof kit.topEvents>;
export type EventPropertyRow = InferOutputRow<typeof kit.eventProperties>;
export type EventPropertyValueRow = InferOutputRow<typeof kit.topEventPropertyValues>;
export type TrafficByHourRow = InferOutputRow<typeof kit.trafficByHour>;
export type WebVitalCurrentRow = InferOutputRow<typeof kit.webVitalsCurrent>;
export type WebVitalDistributionRow = InferOutputRow<typeof kit.webVitalsDistribution>;
export type WebVitalSeriesRow = InferOutputRow<typeof kit.webVitalsTimeseries>;
export type WebVitalRouteRow = InferOutputRow<typeof kit.webVitalsRoutes>;

/** top_pages, top_sources, …: one row shape for every top_* table, the dimension column named per endpoint. */
export type TopRow = Omit<InferOutputRow<typeof kit.topPages>, "pathname"> & { [dimension: string]: string | number | undefined };

/** Each breakdown's row by pipe name, so a table's columns are checked against its endpoint (lib/top-tables.ts). */
export interface TopRows {
  top_pages: InferOutputRow<typeof kit.topPages>;
  top_entry_pages: InferOutputRow<typeof kit.topEntryPages>;
  top_exit_pages: InferOutputRow<typeof kit.topExitPages>;
  top_sources: InferOutputRow<typeof kit.topSources>;
  top_channels: InferOutputRow<typeof kit.topChannels>;
  top_utm_sources: InferOutputRow<typeof kit.topUtmSources>;
  top_utm_mediums: InferOutputRow<typeof kit.topUtmMediums>;
  top_utm_campaigns: InferOutputRow<typeof kit.topUtmCampaigns>;
  top_utm_terms: InferOutputRow<typeof kit.topUtmTerms>;
  top_utm_contents: InferOutputRow<typeof kit.topUtmContents>;
  top_locations: InferOutputRow<typeof kit.topLocations>;
  top_regions: InferOutputRow<typeof kit.topRegions>;
  top_cities: InferOutputRow<typeof kit.topCities>;
  top_devices: InferOutputRow<typeof kit.topDevices>;
  top_browsers: InferOutputRow<typeof kit.topBrowsers>;
  top_os: InferOutputRow<typeof kit.topOs>;
  top_os_versions: InferOutputRow<typeof kit.topOsVersions>;
  top_screens: InferOutputRow<typeof kit.topScreens>;
  top_languages: InferOutputRow<typeof kit.topLanguages>;
}
export type TopPipe = keyof TopRows;
/** A column of a breakdown's rows. */
export type TopColumn<P extends TopPipe> = Extract<keyof TopRows[P], string>;
