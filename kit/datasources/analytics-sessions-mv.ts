import { defineDatasource, engine } from "aviary/schema";
import { anyLowCardinality, sessionKeys, sessionSpan } from "./visit-columns.ts";

/**
 * One row per session and 15-minute bucket (`date`, UTC). Merging the rows of a
 * session inside any local day or hour gives that period's first and last hit exactly.
 */
export const analyticsSessionsMv = defineDatasource("analytics_sessions_mv", {
  description: "Per-session first and last hit, hits, device, browser and location per 15-minute bucket",
  schema: {
    ...sessionKeys,
    device: anyLowCardinality(),
    browser: anyLowCardinality(),
    location: anyLowCardinality(),
    ...sessionSpan,
  },
  engine: engine.aggregatingMergeTree({
    partitionKey: "toYYYYMM(date)",
    sortingKey: ["tenant_id", "domain", "date", "session_id"],
  }),
});
