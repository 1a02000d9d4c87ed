import { defineDatasource, engine, t } from "aviary/schema";
import { LANDING_FIELDS } from "../sql/landing.ts";

const lowCardinalityAny = () => t.simpleAggregateFunction("any", t.string().lowCardinality());
const plainAny = () => t.simpleAggregateFunction("any", t.string());

/**
 * One row per session and 15-minute bucket (`date`, UTC), with what the acquisition and
 * audience reports group visits by. What a visit came from is its first page view's:
 * `landing` keeps that page view's entry page, source, channel and campaign (LANDING_FIELDS,
 * in order) as an `argMin` state, so merging a session's rows in any period gives its first page view
 * there; `last_page` is the last page view's path the same way (the exit page). The other dimensions
 * are a visitor's (one browser, one address) and kept as `any`.
 */
export const analyticsVisitsMv = defineDatasource("analytics_visits_mv", {
  description: "Per-session entry and exit page, source, channel, campaign, device, browser, OS, screen, language and place per 15-minute bucket",
  schema: {
    tenant_id: t.string(),
    domain: t.string(),
    date: t.dateTime(),
    session_id: t.string(),
    landing: t.aggregateFunction("argMin", t.tuple(...LANDING_FIELDS.map(() => t.string())), t.dateTime()),
    last_page: t.aggregateFunction("argMax", t.string(), t.dateTime()),
    device: lowCardinalityAny(),
    browser: lowCardinalityAny(),
    location: lowCardinalityAny(),
    os: lowCardinalityAny(),
    os_version: lowCardinalityAny(),
    screen: lowCardinalityAny(),
    language: lowCardinalityAny(),
    region: plainAny(),
    city: plainAny(),
    first_hit: t.simpleAggregateFunction("min", t.dateTime()),
    latest_hit: t.simpleAggregateFunction("max", t.dateTime()),
    hits: t.aggregateFunction("count"),
  },
  engine: engine.aggregatingMergeTree({
    partitionKey: "toYYYYMM(date)",
    sortingKey: ["tenant_id", "domain", "date", "session_id"],
  }),
});
