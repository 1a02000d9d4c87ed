import { defineVisitTopEndpoint } from "../sql/visit-top.ts";

export const topSources = defineVisitTopEndpoint({
  name: "top_sources",
  description: "Where visits came from: the landing page view's source, hosts of one source grouped (google.com, google.de → Google); '' is direct traffic",
  dimension: "referrer",
  dimensionSql: "visit_source",
});
