import { defineTopEndpoint } from "../sql/top.ts";

export const topBrowsers = defineTopEndpoint({
  name: "top_browsers",
  description: "Browsers, counting distinct sessions",
  table: "analytics_sessions_mv",
  dimension: "browser",
  dimensionSql: "toString(browser)",
  visits: "sessions",
});
