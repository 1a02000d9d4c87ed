import { defineDatasource, engine, t } from "aviary/schema";

/**
 * One row per session and 15-minute bucket (`date`, UTC). Merging the rows of a
 * session inside any local day or hour gives that period's first and last hit exactly.
 */
export const analyticsSessionsMv = defineDatasource("analytics_sessions_mv", {
  description: "Per-session first and last hit, hits, device, browser and location per 15-minute bucket",
  schema: {
    tenant_id: t.string(),
    domain: t.string(),
    date: t.dateTime(),
    session_id: t.string(),
    device: t.simpleAggregateFunction("any", t.string().lowCardinality()),
    browser: t.simpleAggregateFunction("any", t.string().lowCardinality()),
    location: t.simpleAggregateFunction("any", t.string().lowCardinality()),
    first_hit: t.simpleAggregateFunction("min", t.dateTime()),
    latest_hit: t.simpleAggregateFunction("max", t.dateTime()),
    hits: t.aggregateFunction("count"),
  },
  engine: engine.aggregatingMergeTree({
    partitionKey: "toYYYYMM(date)",
    sortingKey: ["tenant_id", "domain", "date", "session_id"],
  }),
});
