import { defineDatasource, engine, t } from "aviary/schema";

/** Landing table for everything the tracker sends: the seed's definition, plus IP geolocation and visitor ids. */
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
    /**
     * Set by the Events API (src/ingest/visitor-ids.ts): the sender's visitor id of the day,
     * the same across its sessions; '' for rows from before it was kept, and the admin's.
     */
    visitor_id: t.string().default(""),
  },
  engine: engine.mergeTree({
    partitionKey: "toYYYYMM(timestamp)",
    sortingKey: ["tenant_id", "domain", "timestamp"],
  }),
  tokens: [{ name: "tracker", permissions: ["APPEND"] }],
  // Aviary's extension: the Events API adds the visitor's country, region and city to page hits' payload.
  ipGeolocation: { column: "payload", where: { action: "page_hit" } },
  visitorId: "visitor_id",
});
