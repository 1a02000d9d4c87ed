import { countrySql } from "../sql/country.ts";
import { defineVisitTopEndpoint } from "../sql/visit-top.ts";

/** Regions and cities come from the visitor's address (the Events API's lookup); visits without one are left out. */
export const topRegions = defineVisitTopEndpoint({
  name: "top_regions",
  description: "Visits by region, with its country",
  dimension: "region",
  dimensionSql: "visit_region",
  labels: { location: countrySql("visit_location") },
  knownOnly: true,
});

export const topCities = defineVisitTopEndpoint({
  name: "top_cities",
  description: "Visits by city, with its region and country",
  dimension: "city",
  dimensionSql: "visit_city",
  labels: { region: "visit_region", location: countrySql("visit_location") },
  knownOnly: true,
});
