import { countrySql } from "../sql/country.ts";
import { pagesView, sessionsView } from "../sql/filters.ts";
import { defineTopEndpoint } from "../sql/top.ts";

export const topLocations = defineTopEndpoint({
  name: "top_locations",
  description: "Visitors by country (from the visitor's address, else the browser's time zone)",
  dimension: "location",
  dimensionSql: countrySql(),
  // The sessions view answers visit filters (a visit has one place), sparing a raw read.
  views: [pagesView, sessionsView],
});
