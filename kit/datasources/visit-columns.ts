import { t } from "aviary/schema";

/**
 * What the pages and sources views share: the keys before their own dimension, and the
 * exact visit and hit counts after it. `date` is a 15-minute bucket (see analytics-pages-mv.ts).
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
