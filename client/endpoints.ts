/**
 * The kit's endpoints: name → the kit export that defines it. The client needs the names
 * at runtime but must not import the kit (server code) into a browser bundle, so they are
 * listed here; kit-types.ts checks the list against the kit's types when it compiles, and
 * test/client/endpoint-list.test.ts against the kit's runtime objects.
 */
export const KIT_ENDPOINTS = {
  actions: "actions",
  analytics_hits: "analyticsHits",
  current_visitors: "currentVisitors",
  domain: "domain",
  domains: "domains",
  event_properties: "eventProperties",
  funnel: "funnel",
  funnel_definitions: "funnelDefinitions",
  goal_definitions: "goalDefinitions",
  goals: "goals",
  kpis: "kpis",
  page_engagement: "pageEngagement",
  realtime: "realtime",
  top_browsers: "topBrowsers",
  top_channels: "topChannels",
  top_cities: "topCities",
  top_devices: "topDevices",
  top_entry_pages: "topEntryPages",
  top_event_property_values: "topEventPropertyValues",
  top_events: "topEvents",
  top_exit_pages: "topExitPages",
  top_languages: "topLanguages",
  top_locations: "topLocations",
  top_os: "topOs",
  top_os_versions: "topOsVersions",
  top_pages: "topPages",
  top_regions: "topRegions",
  top_screens: "topScreens",
  top_sources: "topSources",
  top_utm_campaigns: "topUtmCampaigns",
  top_utm_contents: "topUtmContents",
  top_utm_mediums: "topUtmMediums",
  top_utm_sources: "topUtmSources",
  top_utm_terms: "topUtmTerms",
  traffic_by_hour: "trafficByHour",
  trend: "trend",
  web_vitals_current: "webVitalsCurrent",
  web_vitals_distribution: "webVitalsDistribution",
  web_vitals_events: "webVitalsEvents",
  web_vitals_routes: "webVitalsRoutes",
  web_vitals_timeseries: "webVitalsTimeseries",
} as const;

export type KitEndpointName = keyof typeof KIT_ENDPOINTS;
