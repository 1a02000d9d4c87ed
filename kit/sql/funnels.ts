/**
 * Saved funnels as SQL: the current version of each (analytics_funnels keeps every
 * version). Read by `funnel_definitions` and by `funnel` with `funnel_id`.
 */
import { stringParam, tenantFilter } from "./template.ts";

/** The most steps a funnel has: step1 … step8. */
export const MAX_STEPS = 8;
/** A funnel's window, in minutes: at most a day (sessions end after 30 idle minutes; visitor ids last a day). */
export const DEFAULT_WINDOW_MINUTES = 30;
export const MAX_WINDOW_MINUTES = 1440;
/** What a funnel follows through its steps: one session, or one visitor across its sessions (its id of the day). */
export const FUNNEL_UNITS = ["session", "visitor"] as const;

/**
 * Versions written in the same millisecond are ordered by their content, so every reader
 * sees the same latest one (a delete wins a tie).
 */
const VERSION = "(updated_at, deleted, name, steps, window_minutes, per)";

/**
 * One row per saved funnel of the request's tenant_id/domain (a funnel saved with domain ''
 * is the tenant's in every domain): domain, funnel_id, and its
 * latest version's name, steps, window_minutes, per (an unknown value reads as `session`) and
 * deleted flag, with `versions` and the
 * latest `last_updated_at`. `where` adds conditions on analytics_funnels (each starting with AND).
 */
export function currentFunnelsSql(where = ""): string {
  return `SELECT domain, funnel_id, latest.1 AS name, latest.2 AS steps, latest.3 AS window_minutes, latest.4 AS deleted,
    if(latest.5 = 'visitor', 'visitor', 'session') AS per, versions, last_updated_at
FROM
(
    SELECT domain, funnel_id,
        argMax((name, steps, window_minutes, deleted, per), ${VERSION}) AS latest,
        count() AS versions,
        max(updated_at) AS last_updated_at
    FROM analytics_funnels
    WHERE 1 ${tenantFilter()} {% if defined(domain) %} AND domain IN (${stringParam("domain")}, '') {% end %} ${where}
    GROUP BY domain, funnel_id
)`;
}
