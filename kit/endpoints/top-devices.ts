import { defineTopEndpoint } from "../sql/top.ts";

export const topDevices = defineTopEndpoint({
  name: "top_devices",
  description: "Device types (bots included as 'bot'), counting distinct sessions",
  table: "analytics_sessions_mv",
  dimension: "device",
  dimensionSql: "toString(device)",
  visits: "sessions",
});
