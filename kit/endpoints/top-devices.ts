import { pagesView, sessionsView, sourcesView } from "../sql/filters.ts";
import { defineTopEndpoint } from "../sql/top.ts";

export const topDevices = defineTopEndpoint({
  name: "top_devices",
  description: "Device types (bots included as 'bot'), counting distinct sessions",
  dimension: "device",
  dimensionSql: "toString(device)",
  views: [sessionsView, pagesView, sourcesView],
});
