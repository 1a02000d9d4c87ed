import { countrySql } from "../sql/country.ts";
import { pagesView, sourcesView } from "../sql/filters.ts";
import { defineTopEndpoint } from "../sql/top.ts";

export const topLocations = defineTopEndpoint({
  name: "top_locations",
  description: "Visitors by country (from the browser's time zone)",
  dimension: "location",
  dimensionSql: countrySql(),
  views: [pagesView, sourcesView],
});
