import { defineVisitTopEndpoint } from "../sql/visit-top.ts";

/** A campaign report: visits whose landing page carried the UTM parameter, by its value. */
function campaignReport<K extends "utm_source" | "utm_medium" | "utm_campaign" | "utm_term" | "utm_content">(name: string, key: K) {
  return defineVisitTopEndpoint({
    name,
    description: `Visits by the landing page's ${key} (visits without one are left out)`,
    dimension: key,
    dimensionSql: `visit_${key}`,
    knownOnly: true,
  });
}

export const topUtmSources = campaignReport("top_utm_sources", "utm_source");
export const topUtmMediums = campaignReport("top_utm_mediums", "utm_medium");
export const topUtmCampaigns = campaignReport("top_utm_campaigns", "utm_campaign");
export const topUtmTerms = campaignReport("top_utm_terms", "utm_term");
export const topUtmContents = campaignReport("top_utm_contents", "utm_content");
