import { pagesView, sessionsView } from "../sql/filters.ts";
import { defineTopEndpoint } from "../sql/top.ts";

export const topBrowsers = defineTopEndpoint({
  name: "top_browsers",
  description: "Browsers, counting distinct sessions",
  dimension: "browser",
  dimensionSql: "toString(browser)",
  views: [sessionsView, pagesView],
});
