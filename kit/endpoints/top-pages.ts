import { defineTopEndpoint } from "../sql/top.ts";

export const topPages = defineTopEndpoint({
  name: "top_pages",
  description: "Most visited pages",
  table: "analytics_pages_mv",
  dimension: "pathname",
  dimensionSql: "pathname",
  visits: "states",
});
