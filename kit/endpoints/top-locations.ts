import { defineTopEndpoint } from "../sql/top.ts";

export const topLocations = defineTopEndpoint({
  name: "top_locations",
  description: "Visitors by country (from the browser's time zone)",
  table: "analytics_pages_mv",
  dimension: "location",
  dimensionSql: "location",
  visits: "states",
});
