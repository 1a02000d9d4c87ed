import { customEventsSql } from "../sql/custom-events.ts";
import { defineEventTopEndpoint } from "../sql/event-top.ts";

/** Custom events of the period by name; the tracker's own actions (page_hit, web_vital, engagement) are not listed. */
export const topEvents = defineEventTopEndpoint({
  name: "top_events",
  description: "Custom events by name: visitors (sessions) and events in the period",
  params: {},
  dimension: "action",
  rows: `SELECT toString(action) AS dimension, session_id, current FROM (${customEventsSql()})`,
});
