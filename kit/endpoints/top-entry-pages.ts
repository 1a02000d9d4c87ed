import { defineVisitTopEndpoint } from "../sql/visit-top.ts";

/** A bounce is a visit whose first and last page view are in the same second, as in kpis. */
export const topEntryPages = defineVisitTopEndpoint({
  name: "top_entry_pages",
  description: "Pages visits started on, with their bounce rate (0–1)",
  dimension: "entry_page",
  dimensionSql: "visit_entry_page",
  measures: { bounce_rate: "avgIf(visit_first_hit = visit_latest_hit, current)" },
});
