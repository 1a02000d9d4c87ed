import { defineDatasource, engine, t } from "aviary/schema";

/**
 * Every page view, parsed once on insert and kept narrow: what the reports that follow
 * single page views read (goal conversions, funnels, and filtered reports the aggregated
 * views cannot answer) instead of decompressing and parsing each payload of the tenant's
 * period at every request (the largest tenant's 30 days: 220k payloads of ~340 bytes).
 * Not aggregated: funnels need each view's time and goals each view's page.
 */
export const analyticsPageViewsMv = defineDatasource("analytics_page_views_mv", {
  description: "Page views as analytics_hits parses them: tenant, domain, time, session, pathname, device, browser, location",
  schema: {
    tenant_id: t.string(),
    domain: t.string(),
    timestamp: t.dateTime(),
    /** '0' when the tracker sent none, as everywhere in the kit. */
    session_id: t.string(),
    pathname: t.string(),
    /** `bot` for the traffic the bot rule leaves out (user-agent.ts). */
    device: t.string().lowCardinality(),
    browser: t.string().lowCardinality(),
    /** As analytics_hits has it: a country code or what the page sent (filters.ts reads it through countrySql). */
    location: t.string().lowCardinality(),
    /** analytics_events' visitor id: '' for page views from before it was kept (funnels then count the session). */
    visitor_id: t.string(),
  },
  engine: engine.mergeTree({
    partitionKey: "toYYYYMM(timestamp)",
    sortingKey: ["tenant_id", "domain", "timestamp"],
  }),
});
