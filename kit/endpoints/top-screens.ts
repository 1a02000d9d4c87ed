import { defineVisitTopEndpoint } from "../sql/visit-top.ts";

export const topScreens = defineVisitTopEndpoint({
  name: "top_screens",
  description: "Visits by screen class from the viewport width: mobile, tablet, laptop, desktop ('' unknown)",
  dimension: "screen",
  dimensionSql: "visit_screen",
});
