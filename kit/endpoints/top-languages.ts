import { defineVisitTopEndpoint } from "../sql/visit-top.ts";

export const topLanguages = defineVisitTopEndpoint({
  name: "top_languages",
  description: "Visits by browser language (primary subtag: en, de, pt; '' unknown)",
  dimension: "language",
  dimensionSql: "visit_language",
});
