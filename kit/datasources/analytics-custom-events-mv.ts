import { defineDatasource, engine, t } from "aviary/schema";

/**
 * Custom events only (every action but the tracker's own), sorted by tenant and event
 * name: a property breakdown reads one event's rows of a tenant's period instead of every
 * event of it. In analytics_events an event's rows sit in every granule of the tenant's
 * period, so each request decompressed all of its payloads (a largest tenant's 30 days
 * with the previous period took 450 ms at 10M events). Costs a second copy of the custom
 * events, a tenth of the events or so.
 */
export const analyticsCustomEventsMv = defineDatasource("analytics_custom_events_mv", {
  description: "Custom events (not page_hit, web_vital, engagement) per tenant and event name, with the domain they count under",
  schema: {
    timestamp: t.dateTime(),
    /** '0' when the tracker sent none, as everywhere in the kit. */
    session_id: t.string(),
    tenant_id: t.string(),
    /** The envelope's domain, else the payload href's host, else the payload's `domain`; '' when none names one. */
    domain: t.string(),
    action: t.string().lowCardinality(),
    payload: t.string(),
    /** analytics_events' visitor id: '' for events from before it was kept (funnels then count the session). */
    visitor_id: t.string(),
  },
  engine: engine.mergeTree({
    partitionKey: "toYYYYMM(timestamp)",
    sortingKey: ["tenant_id", "action", "timestamp"],
  }),
});
