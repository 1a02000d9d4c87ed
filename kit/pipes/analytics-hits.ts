import { defineEndpoint, node, p, t } from "aviary/schema";
import { hitsSql } from "../sql/hits.ts";
import { dashboardToken, tenantParams } from "../sql/params.ts";
import { domainFilter, eventDomainFilter, tenantFilter } from "../sql/template.ts";
import { withChecks } from "../sql/checks.ts";

/**
 * Parsed page views. An endpoint, and the source every page-view materialized view
 * reads FROM: rendered there with no parameters, so every filter below drops out.
 */
export const analyticsHits = defineEndpoint("analytics_hits", withChecks({
  description: "Page views parsed from analytics_events: location, referrer, pathname, href, device, browser, and the visit's source, channel, campaign, operating system, screen, language, region and city",
  params: {
    ...tenantParams,
    from_date: p.date().optional().describe("First day (UTC), inclusive"),
    to_date: p.date().optional().describe("Last day (UTC), inclusive"),
    like_filter: p.string().optional().describe("Only events whose payload matches this LIKE pattern"),
    limit: p.int32().optional(20).describe("At most this many rows, newest first; applied only when given"),
    page: p.int32().optional(0).describe("Page of `limit` rows to return, from 0"),
  },
  nodes: [
    node({
      name: "parsed_hits",
      sql: `${hitsSql({
  eventFilter: `${tenantFilter()} ${eventDomainFilter()}
        {% if defined(from_date) %} AND timestamp >= toDateTime({{Date(from_date)}}) {% end %}
        {% if defined(to_date) %} AND timestamp < toDateTime({{Date(to_date)}}) + INTERVAL 1 DAY {% end %}
        {% if defined(like_filter) %} AND payload LIKE {{sql_unescape(String(like_filter), '%')}} {% end %}`,
  hitFilter: domainFilter(),
  tail: `{% if defined(limit) %} ORDER BY timestamp DESC LIMIT {{Int32(limit, 20)}} OFFSET {{Int32(page, 0) * Int32(limit, 20)}} {% end %}`,
})}`,
    }),
  ],
  output: {
    timestamp: t.dateTime(),
    action: t.string(),
    version: t.string(),
    session_id: t.string(),
    tenant_id: t.string(),
    domain: t.string(),
    location: t.string(),
    referrer: t.string(),
    pathname: t.string(),
    href: t.string(),
    current_domain: t.string(),
    device: t.string(),
    browser: t.string(),
    os: t.string(),
    os_version: t.string(),
    screen: t.string(),
    language: t.string(),
    region: t.string(),
    city: t.string(),
    location_source: t.string(),
    source: t.string(),
    channel: t.string(),
    utm_source: t.string(),
    utm_medium: t.string(),
    utm_campaign: t.string(),
    utm_term: t.string(),
    utm_content: t.string(),
  },
  tokens: dashboardToken,
}));
