import { sourcesView } from "../sql/filters.ts";
import { defineTopEndpoint } from "../sql/top.ts";

export const topSources = defineTopEndpoint({
  name: "top_sources",
  description: "Referring sites by host without www; '' is direct traffic",
  dimension: "referrer",
  dimensionSql: "domainWithoutWWW(referrer)",
  views: [sourcesView],
  sourcesOnly: true,
});
