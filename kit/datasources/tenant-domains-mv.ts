import { defineDatasource, engine, t } from "aviary/schema";

/** Every domain a tenant has page views on, with first and last view and the number of hits. */
export const tenantDomainsMv = defineDatasource("tenant_domains_mv", {
  description: "Per tenant and domain: first seen, last seen and total page hits",
  schema: {
    tenant_id: t.string(),
    domain: t.string(),
    first_seen: t.simpleAggregateFunction("min", t.dateTime()),
    last_seen: t.simpleAggregateFunction("max", t.dateTime()),
    total_hits: t.aggregateFunction("count"),
  },
  engine: engine.aggregatingMergeTree({
    partitionKey: "toYYYYMM(last_seen)",
    sortingKey: ["tenant_id", "domain"],
  }),
});
