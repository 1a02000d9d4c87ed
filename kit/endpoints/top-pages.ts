import { pagesView } from "../sql/filters.ts";
import { defineTopEndpoint } from "../sql/top.ts";

export const topPages = defineTopEndpoint({
  name: "top_pages",
  description: "Most visited pages",
  dimension: "pathname",
  dimensionSql: "pathname",
  views: [pagesView],
});
