import { defineDatasource, engine, t } from "aviary/schema";

/** Landing table for everything the tracker sends: exactly the seed's definition. */
export const analyticsEvents = defineDatasource("analytics_events", {
  description: "Raw tracker events (page hits, web vitals, custom events), one row per event",
  schema: {
    timestamp: t.dateTime(),
    session_id: t.string().nullable(),
    action: t.string().lowCardinality(),
    version: t.string().lowCardinality(),
    payload: t.string(),
    tenant_id: t.string().default(""),
    domain: t.string().default(""),
  },
  engine: engine.mergeTree({
    partitionKey: "toYYYYMM(timestamp)",
    sortingKey: ["tenant_id", "domain", "timestamp"],
  }),
  tokens: [{ name: "tracker", permissions: ["APPEND"] }],
});
