import { countrySql } from "../sql/country.ts";
import { pagesView } from "../sql/filters.ts";
import { defineTopEndpoint } from "../sql/top.ts";

export const topLocations = defineTopEndpoint({
  name: "top_locations",
  description: "Visitors by country (from the visitor's address, else the browser's time zone)",
  dimension: "location",
  dimensionSql: countrySql(),
  views: [pagesView],
});
