import { defineDatasource, engine, t } from "aviary/schema";

/** Visits and hits per referrer (full URL; '' for direct), self-referrals left out. `date`: 15-minute bucket, UTC. */
export const analyticsSourcesMv = defineDatasource("analytics_sources_mv", {
  description: "Visits and hits per tenant, domain, 15-minute bucket, device, browser, location and referrer",
  schema: {
    tenant_id: t.string(),
    domain: t.string(),
    date: t.dateTime(),
    device: t.string().lowCardinality(),
    browser: t.string().lowCardinality(),
    location: t.string().lowCardinality(),
    referrer: t.string(),
    visits: t.aggregateFunction("uniqExact", t.string()),
    hits: t.aggregateFunction("count"),
  },
  engine: engine.aggregatingMergeTree({
    partitionKey: "toYYYYMM(date)",
    sortingKey: ["tenant_id", "domain", "date", "device", "browser", "location", "referrer"],
  }),
});
