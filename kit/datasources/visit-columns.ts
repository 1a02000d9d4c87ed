import { t } from "aviary/schema";

/**
 * Columns the views share. The pages and sources views: the keys before their own
 * dimension, and the exact visit and hit counts after it. The sessions and visits views:
 * the session key and span. `date` is a 15-minute bucket (see analytics-pages-mv.ts).
 */
export const visitKeys = {
  tenant_id: t.string(),
  domain: t.string(),
  date: t.dateTime(),
  device: t.string().lowCardinality(),
  browser: t.string().lowCardinality(),
  location: t.string().lowCardinality(),
};

export const visitCounts = {
  visits: t.aggregateFunction("uniqExact", t.string()),
  hits: t.aggregateFunction("count"),
};

/** What the per-session views share: their key before their own columns. */
export const sessionKeys = {
  tenant_id: t.string(),
  domain: t.string(),
  date: t.dateTime(),
  session_id: t.string(),
};

/** A dimension a session has one of, kept as any of its page views'. */
export const anyLowCardinality = () => t.simpleAggregateFunction("any", t.string().lowCardinality());

/** What the per-session views share after their own columns: first and last hit, and hits. */
export const sessionSpan = {
  first_hit: t.simpleAggregateFunction("min", t.dateTime()),
  latest_hit: t.simpleAggregateFunction("max", t.dateTime()),
  hits: t.aggregateFunction("count"),
};
