/** Parameter declarations shared by the endpoints (types and defaults for clients and OpenAPI). */
import { p } from "aviary/schema";
import { MAX_LIMIT, MAX_OFFSET } from "./checks.ts";

export const tenantParams = {
  tenant_id: p.string().optional().describe("Filter by tenant ID"),
  domain: p.string().optional().describe("Filter by domain"),
};

export const periodParams = {
  date_from: p.date().optional().describe("First day (YYYY-MM-DD) in `tz`; default: 6 days before today (the last 7 days)"),
  date_to: p.date().optional().describe("Last day (YYYY-MM-DD) in `tz`; default: today. Equal to date_from: hourly buckets"),
  tz: p.string().optional("UTC").describe("IANA time zone days and hours are counted in (e.g. Europe/Madrid)"),
};

export const previousPeriodParam = {
  include_previous_period: p.boolean().optional(false).describe("Add a period to compare with, and growth percentages"),
  compare: p.string().optional("previous").describe("With include_previous_period: `previous` (the same number of days just before) or `year` (the same days one year earlier)"),
};

export const pagingParams = {
  skip: p.int32().optional(0).describe(`Rows to skip, 0 to ${MAX_OFFSET}`),
  limit: p.int32().optional(50).describe(`Rows to return, 0 to ${MAX_LIMIT}`),
};

export const dashboardToken = [{ name: "dashboard" }] as const;

/** web_vitals_current and web_vitals_routes: the public kit's `days`, or Aviary's exact period. */
export const recentOrPeriodParams = {
  days: p.int32().optional(1).describe("Days back from now to analyse, when neither date_from nor date_to is given"),
  date_from: p.date().optional().describe("First day (YYYY-MM-DD) in `tz`, instead of `days`; default: 6 days before today (the last 7 days)"),
  date_to: p.date().optional().describe("Last day (YYYY-MM-DD) in `tz`, instead of `days`; default: today"),
  tz: periodParams.tz,
};

export const combinedParam = {
  combined: p.boolean().optional(false).describe("One row for everything in scope instead of one per tenant and domain"),
};
