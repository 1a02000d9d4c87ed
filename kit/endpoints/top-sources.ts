import { defineTopEndpoint } from "../sql/top.ts";

export const topSources = defineTopEndpoint({
  name: "top_sources",
  description: "Referring sites by host without www; '' is direct traffic",
  table: "analytics_sources_mv",
  dimension: "referrer",
  dimensionSql: "domainWithoutWWW(referrer)",
  visits: "states",
});
