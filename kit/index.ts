/**
 * The web analytics kit: the seed's multi-tenant web analytics as an Aviary project.
 * `npm start` deploys it by default. Every datasource and pipe is exported here.
 */
export { analyticsEvents } from "./datasources/analytics-events.ts";
export { analyticsGoals } from "./datasources/analytics-goals.ts";
export { analyticsFunnels } from "./datasources/analytics-funnels.ts";
export { analyticsPagesMv } from "./datasources/analytics-pages-mv.ts";
export { analyticsSessionsMv } from "./datasources/analytics-sessions-mv.ts";
export { analyticsSourcesMv } from "./datasources/analytics-sources-mv.ts";
export { analyticsVisitsMv } from "./datasources/analytics-visits-mv.ts";
export { analyticsCustomEventsMv } from "./datasources/analytics-custom-events-mv.ts";
export { analyticsPageViewsMv } from "./datasources/analytics-page-views-mv.ts";
export { tenantActionsMv } from "./datasources/tenant-actions-mv.ts";
export { tenantDomainsMv } from "./datasources/tenant-domains-mv.ts";

export { analyticsHits } from "./pipes/analytics-hits.ts";

export { analyticsPages } from "./materializations/analytics-pages.ts";
export { analyticsSessions } from "./materializations/analytics-sessions.ts";
export { analyticsSources } from "./materializations/analytics-sources.ts";
export { analyticsVisits } from "./materializations/analytics-visits.ts";
export { analyticsCustomEvents } from "./materializations/analytics-custom-events.ts";
export { analyticsPageViews } from "./materializations/analytics-page-views.ts";
export { tenantActions } from "./materializations/tenant-actions.ts";
export { tenantDomains } from "./materializations/tenant-domains.ts";

export { kpis } from "./endpoints/kpis.ts";
export { pageEngagement } from "./endpoints/page-engagement.ts";
export { trend } from "./endpoints/trend.ts";
export { topPages } from "./endpoints/top-pages.ts";
export { topSources } from "./endpoints/top-sources.ts";
export { topBrowsers } from "./endpoints/top-browsers.ts";
export { topDevices } from "./endpoints/top-devices.ts";
export { topLocations } from "./endpoints/top-locations.ts";
export { topChannels } from "./endpoints/top-channels.ts";
export { topUtmSources, topUtmMediums, topUtmCampaigns, topUtmTerms, topUtmContents } from "./endpoints/top-utm.ts";
export { topEntryPages } from "./endpoints/top-entry-pages.ts";
export { topExitPages } from "./endpoints/top-exit-pages.ts";
export { topOs, topOsVersions } from "./endpoints/top-os.ts";
export { topScreens } from "./endpoints/top-screens.ts";
export { topRegions, topCities } from "./endpoints/top-places.ts";
export { topLanguages } from "./endpoints/top-languages.ts";
export { currentVisitors } from "./endpoints/current-visitors.ts";
export { realtime } from "./endpoints/realtime.ts";
export { domain } from "./endpoints/domain.ts";
export { domains } from "./endpoints/domains.ts";
export { actions } from "./endpoints/actions.ts";
export { topEvents } from "./endpoints/top-events.ts";
export { eventProperties } from "./endpoints/event-properties.ts";
export { topEventPropertyValues } from "./endpoints/top-event-property-values.ts";
export { trafficByHour } from "./endpoints/traffic-by-hour.ts";
export { webVitalsCurrent } from "./endpoints/web-vitals-current.ts";
export { webVitalsDistribution } from "./endpoints/web-vitals-distribution.ts";
export { webVitalsRoutes } from "./endpoints/web-vitals-routes.ts";
export { webVitalsTimeseries } from "./endpoints/web-vitals-timeseries.ts";
export { webVitalsEvents } from "./endpoints/web-vitals-events.ts";
export { goalDefinitions } from "./endpoints/goal-definitions.ts";
export { funnel } from "./endpoints/funnel.ts";
export { funnelDefinitions } from "./endpoints/funnel-definitions.ts";
export { goals } from "./endpoints/goals.ts";
