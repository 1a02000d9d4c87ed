import { defineDatasource, engine, t } from "aviary/schema";
import { visitCounts, visitKeys } from "./visit-columns.ts";

/** Visits and hits per referrer (full URL; '' for direct), self-referrals left out. `date`: 15-minute bucket, UTC. */
export const analyticsSourcesMv = defineDatasource("analytics_sources_mv", {
  description: "Visits and hits per tenant, domain, 15-minute bucket, device, browser, location and referrer",
  schema: { ...visitKeys, referrer: t.string(), ...visitCounts },
  engine: engine.aggregatingMergeTree({
    partitionKey: "toYYYYMM(date)",
    sortingKey: ["tenant_id", "domain", "date", "device", "browser", "location", "referrer"],
  }),
});
