import { ONE_EVENT, customEventsSql, eventParam, propertyKeysSql } from "../sql/custom-events.ts";
import { defineEventTopEndpoint } from "../sql/event-top.ts";

/**
 * The property keys one custom event was sent with in the period: each top-level key of
 * its payload (nested values count under their key; `data-tb-*` attributes are keys too),
 * with the events and visitors that carried it.
 */
export const eventProperties = defineEventTopEndpoint({
  name: "event_properties",
  description: "Property keys of one custom event: events and visitors carrying each key",
  params: eventParam,
  dimension: "property",
  rows: `SELECT key AS dimension, session_id, current
FROM (${customEventsSql(ONE_EVENT)})
ARRAY JOIN ${propertyKeysSql()} AS key`,
});
