import { defineDatasource, engine, t } from "aviary/schema";
import { visitCounts, visitKeys } from "./visit-columns.ts";

/**
 * Page views per quarter hour and page. `date` is the UTC start of a 15-minute bucket
 * (not a calendar date): every time zone's days and hours are whole buckets, so `tz`
 * reports stay exact. Visits are exact (`uniqExact` states), not HyperLogLog estimates.
 */
export const analyticsPagesMv = defineDatasource("analytics_pages_mv", {
  description: "Visits and hits per tenant, domain, 15-minute bucket, device, browser, location and pathname",
  schema: { ...visitKeys, pathname: t.string(), ...visitCounts },
  engine: engine.aggregatingMergeTree({
    partitionKey: "toYYYYMM(date)",
    sortingKey: ["tenant_id", "domain", "date", "device", "browser", "location", "pathname"],
  }),
});
