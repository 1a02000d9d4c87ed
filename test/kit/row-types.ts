/**
 * Compile-time checks of the kit's row types: tsc checks this file (`npm run check`), and
 * `row-types.test.ts` compiles it in `npm test`. Nothing here runs.
 *
 * Clients get their rows from `InferOutputRow<typeof endpoint>`. An `output` whose keys
 * TypeScript cannot see (a computed `[name]` key) widens to an index signature, and every
 * column of that endpoint silently becomes `unknown`: these checks turn that into an error
 * that names the endpoint.
 */
import type { InferOutputRow } from "aviary/schema";
import type * as kit from "../../kit/index.ts";

type Kit = typeof kit;

/** Pipes that only fill a datasource: their output is the target's schema, not a client row. */
type Materialization = "analyticsPages" | "analyticsSessions" | "analyticsSources" | "analyticsVisits" | "analyticsCustomEvents" | "analyticsPageViews" | "tenantActions" | "tenantDomains";

/** Every endpoint the kit exports, found by shape, so a new one is checked without being listed. */
type EndpointExport = { [K in keyof Kit]: Kit[K] extends { readonly _type: "pipe" } ? (K extends Materialization ? never : K) : never }[keyof Kit];

type Untyped<Row> = string extends keyof Row ? true : false;
type Degraded = { [K in EndpointExport]: Untyped<InferOutputRow<Kit[K]>> extends true ? K : never }[EndpointExport];

type Flat<T> = { [K in keyof T]: T[K] };
type Equal<A, B> = (<T>() => T extends Flat<A> ? 1 : 2) extends <T>() => T extends Flat<B> ? 1 : 2 ? true : false;

/** With a degraded endpoint tsc says: Type 'true' is not assignable to type '"untyped rows: topPages"'. */
export const noEndpointDegraded: [Degraded] extends [never] ? true : `untyped rows: ${Degraded}` = true;

/** The check above must see the endpoints at all (17 of the spec, analytics_hits and the acquisition and audience reports). */
export const everyEndpointChecked: Equal<
  EndpointExport,
  | "analyticsHits"
  | "kpis"
  | "pageEngagement"
  | "trend"
  | "topPages"
  | "topSources"
  | "topBrowsers"
  | "topDevices"
  | "topLocations"
  | "topChannels"
  | "topUtmSources"
  | "topUtmMediums"
  | "topUtmCampaigns"
  | "topUtmTerms"
  | "topUtmContents"
  | "topEntryPages"
  | "topExitPages"
  | "topOs"
  | "topOsVersions"
  | "topScreens"
  | "topRegions"
  | "topCities"
  | "topLanguages"
  | "currentVisitors"
  | "realtime"
  | "domain"
  | "domains"
  | "actions"
  | "trafficByHour"
  | "webVitalsCurrent"
  | "webVitalsDistribution"
  | "webVitalsRoutes"
  | "webVitalsTimeseries"
  | "webVitalsEvents"
  | "goalDefinitions"
  | "goals"
  | "funnel"
  | "funnelDefinitions"
  | "topEvents"
  | "eventProperties"
  | "topEventPropertyValues"
> = true;

interface TopColumns {
  visits: number;
  hits: number;
  previous_visits?: number;
  previous_hits?: number;
  visits_growth_percentage?: number;
  hits_growth_percentage?: number;
}

/** The top_* rows exactly: the dimension under its own name, then the shared columns. */
export const topRows: [
  Equal<InferOutputRow<Kit["topPages"]>, { pathname: string } & TopColumns>,
  Equal<InferOutputRow<Kit["topSources"]>, { referrer: string } & TopColumns>,
  Equal<InferOutputRow<Kit["topBrowsers"]>, { browser: string } & TopColumns>,
  Equal<InferOutputRow<Kit["topDevices"]>, { device: string } & TopColumns>,
  Equal<InferOutputRow<Kit["topLocations"]>, { location: string } & TopColumns>,
  Equal<InferOutputRow<Kit["topChannels"]>, { channel: string } & TopColumns>,
  Equal<InferOutputRow<Kit["topUtmCampaigns"]>, { utm_campaign: string } & TopColumns>,
  Equal<InferOutputRow<Kit["topEntryPages"]>, { entry_page: string; bounce_rate: number } & TopColumns>,
  Equal<InferOutputRow<Kit["topExitPages"]>, { exit_page: string; exit_rate: number } & TopColumns>,
  Equal<InferOutputRow<Kit["topOsVersions"]>, { os_version: string; os: string } & TopColumns>,
  Equal<InferOutputRow<Kit["topCities"]>, { city: string; region: string; location: string } & TopColumns>,
] = [true, true, true, true, true, true, true, true, true, true, true];

interface EventColumns {
  visitors: number;
  events: number;
  previous_visitors?: number;
  previous_events?: number;
  visitors_growth_percentage?: number;
  events_growth_percentage?: number;
}

/** The custom-event reports: the dimension, then visitors and events (and the goal's conversions for values). */
export const eventRows: [
  Equal<InferOutputRow<Kit["topEvents"]>, { action: string } & EventColumns>,
  Equal<InferOutputRow<Kit["eventProperties"]>, { property: string } & EventColumns>,
  Equal<InferOutputRow<Kit["topEventPropertyValues"]>, { value: string; conversions?: number; conversion_rate?: number } & EventColumns>,
] = [true, true, true];
