import { defineDatasource, engine, t } from "aviary/schema";

/**
 * Page views per quarter hour and page. `date` is the UTC start of a 15-minute bucket
 * (not a calendar date): every time zone's days and hours are whole buckets, so `tz`
 * reports stay exact. Visits are exact (`uniqExact` states), not HyperLogLog estimates.
 */
export const analyticsPagesMv = defineDatasource("analytics_pages_mv", {
  description: "Visits and hits per tenant, domain, 15-minute bucket, device, browser, location and pathname",
  schema: {
    tenant_id: t.string(),
    domain: t.string(),
    date: t.dateTime(),
    device: t.string().lowCardinality(),
    browser: t.string().lowCardinality(),
    location: t.string().lowCardinality(),
    pathname: t.string(),
    visits: t.aggregateFunction("uniqExact", t.string()),
    hits: t.aggregateFunction("count"),
  },
  engine: engine.aggregatingMergeTree({
    partitionKey: "toYYYYMM(date)",
    sortingKey: ["tenant_id", "domain", "date", "device", "browser", "location", "pathname"],
  }),
});
