import { defineDatasource, engine, t } from "aviary/schema";

/**
 * Saved funnels, one row per version: a tenant appends a row to create, edit or delete one
 * (`deleted = 1`); the latest version is the funnel (kit/sql/funnels.ts). Like goals: no
 * partition key (few rows, never expired with the events) and no token of its own, a
 * tenant writes through a JWT whose APPEND scope fixes its tenant_id.
 */
export const analyticsFunnels = defineDatasource("analytics_funnels", {
  description: "Saved funnels per tenant and domain, one row per version (append-only)",
  schema: {
    tenant_id: t.string(),
    domain: t.string(),
    funnel_id: t.string(),
    name: t.string(),
    steps: t.array(t.string()),
    window_minutes: t.uint32().default(30),
    deleted: t.uint8().default(0),
    updated_at: t.dateTime64(3).defaultExpr("now64(3)"),
    /** Added last (so an installation adds it in place): `session` (the default) or `visitor`: whether the window follows one session or one visitor across its sessions. */
    per: t.string().default("session"),
  },
  engine: engine.mergeTree({
    sortingKey: ["tenant_id", "domain", "funnel_id", "updated_at"],
  }),
  writeTime: "updated_at",
});
