import { defineVisitTopEndpoint } from "../sql/visit-top.ts";

export const topOs = defineVisitTopEndpoint({
  name: "top_os",
  description: "Visits by operating system ('' unknown); top_os_versions drills down",
  dimension: "os",
  dimensionSql: "visit_os",
});

/** Versions of each OS: pass `os` to see one system's. */
export const topOsVersions = defineVisitTopEndpoint({
  name: "top_os_versions",
  description: "Visits by operating system version, with the system beside it",
  dimension: "os_version",
  dimensionSql: "visit_os_version",
  labels: { os: "visit_os" },
});
