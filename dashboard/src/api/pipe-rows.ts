/**
 * Rows of the kit's endpoints as the dashboard reads them: inferred from the kit's own
 * definitions (type-only imports, so no server code reaches the bundle), never written twice.
 */
import type { InferOutputRow } from "@tinybirdco/sdk";
import type * as kit from "../../../kit/index.ts";

export type KpiRow = InferOutputRow<typeof kit.kpis>;
export type CurrentVisitorsRow = InferOutputRow<typeof kit.currentVisitors>;
export type TrendRow = InferOutputRow<typeof kit.trend>;
export type DomainRow = InferOutputRow<typeof kit.domains>;
export type ActionRow = InferOutputRow<typeof kit.actions>;
export type TrafficByHourRow = InferOutputRow<typeof kit.trafficByHour>;
export type WebVitalCurrentRow = InferOutputRow<typeof kit.webVitalsCurrent>;
export type WebVitalDistributionRow = InferOutputRow<typeof kit.webVitalsDistribution>;
export type WebVitalSeriesRow = InferOutputRow<typeof kit.webVitalsTimeseries>;
export type WebVitalRouteRow = InferOutputRow<typeof kit.webVitalsRoutes>;

/** top_pages, top_sources, …: one row shape for every top_* table, the dimension column named per endpoint. */
export type TopRow = Omit<InferOutputRow<typeof kit.topPages>, "pathname"> & { [dimension: string]: string | number | undefined };
