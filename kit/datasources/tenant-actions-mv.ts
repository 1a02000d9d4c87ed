import { defineDatasource, engine, t } from "aviary/schema";

/**
 * Every action (page hits, web vitals, custom events) per tenant and domain. The last
 * payload is the payload of the latest event (`argMax`), not an arbitrary one.
 */
export const tenantActionsMv = defineDatasource("tenant_actions_mv", {
  description: "Per tenant, domain and action: last payload, last seen and total occurrences",
  schema: {
    tenant_id: t.string(),
    domain: t.string(),
    action: t.string().lowCardinality(),
    last_payload: t.aggregateFunction("argMax", t.string(), t.dateTime()),
    last_seen: t.simpleAggregateFunction("max", t.dateTime()),
    total_occurrences: t.aggregateFunction("count"),
  },
  engine: engine.aggregatingMergeTree({
    partitionKey: "toYYYYMM(last_seen)",
    sortingKey: ["tenant_id", "domain", "action"],
  }),
});
