import { pagesView, sessionsView } from "../sql/filters.ts";
import { defineTopEndpoint } from "../sql/top.ts";

export const topDevices = defineTopEndpoint({
  name: "top_devices",
  description: "Device types, counting distinct sessions (bots, as 'bot', only with include_bots=true)",
  dimension: "device",
  dimensionSql: "toString(device)",
  views: [sessionsView, pagesView],
});
