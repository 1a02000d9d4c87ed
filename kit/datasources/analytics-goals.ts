import { defineDatasource, engine, t } from "aviary/schema";

/**
 * Goals, one row per version: a tenant appends a new row to create, edit or delete one
 * (`deleted = 1`), so earlier versions keep counting the events of their time (kit/sql/goals.ts).
 * No partition key on purpose: the rows are few, and retention (`--retention-days`)
 * only expires time-partitioned datasources, so goals never expire with the events.
 * No token of its own: a tenant writes through a JWT whose APPEND scope fixes its tenant_id.
 * `updated_at` is the time of the write for every writer but the admin (`writeTime`).
 */
export const analyticsGoals = defineDatasource("analytics_goals", {
  description: "Goal definitions per tenant and domain, one row per version (append-only)",
  schema: {
    tenant_id: t.string(),
    domain: t.string(),
    goal_id: t.string(),
    name: t.string(),
    kind: t.string().lowCardinality(),
    match: t.string(),
    revenue_property: t.string().default(""),
    currency: t.string().lowCardinality().default(""),
    deleted: t.uint8().default(0),
    updated_at: t.dateTime64(3).defaultExpr("now64(3)"),
  },
  engine: engine.mergeTree({
    sortingKey: ["tenant_id", "domain", "goal_id", "updated_at"],
  }),
  writeTime: "updated_at",
});
