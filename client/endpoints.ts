/**
 * The kit's endpoints: name → the kit export that defines it. The client needs the names
 * at runtime but must not import the kit (server code) into a browser bundle, so they are
 * listed here and checked against the kit's types when this file compiles:
 *   - every value is a kit export that is a pipe, and its endpoint name is its export
 *     name in snake_case (so `top_pages: "topPages"` does not compile);
 *   - every pipe the kit exports is listed here or in `KitNonEndpointPipes`, so a new kit
 *     endpoint fails the build until it is added.
 * test/client/endpoints.test.ts checks the same against the kit's runtime objects.
 */
import type { DatasourceDefinition, PipeDefinition, SchemaDefinition } from "@tinybirdco/sdk";
import type * as kit from "../kit/index.ts";

export const KIT_ENDPOINTS = {
  actions: "actions",
  analytics_hits: "analyticsHits",
  current_visitors: "currentVisitors",
  domain: "domain",
  domains: "domains",
  kpis: "kpis",
  top_browsers: "topBrowsers",
  top_devices: "topDevices",
  top_locations: "topLocations",
  top_pages: "topPages",
  top_sources: "topSources",
  traffic_by_hour: "trafficByHour",
  trend: "trend",
  web_vitals_current: "webVitalsCurrent",
  web_vitals_distribution: "webVitalsDistribution",
  web_vitals_events: "webVitalsEvents",
  web_vitals_routes: "webVitalsRoutes",
  web_vitals_timeseries: "webVitalsTimeseries",
} as const satisfies Record<string, keyof typeof kit>;

/** Kit pipes that are not endpoints (materialized views). */
type KitNonEndpointPipes = "analyticsPages" | "analyticsSessions" | "analyticsSources" | "tenantActions" | "tenantDomains";

export type KitEndpointName = keyof typeof KIT_ENDPOINTS;
export type KitDefinition<N extends KitEndpointName> = (typeof kit)[(typeof KIT_ENDPOINTS)[N]];

// ---- compile-time checks (types only; nothing here exists at runtime) ----

type Snake<S extends string> = S extends `${infer Head}${infer Tail}` ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${Snake<Tail>}` : S;
type Kit = typeof kit;
type PipeExports = { [K in keyof Kit]: Kit[K] extends DatasourceDefinition<SchemaDefinition> ? never : Kit[K] extends PipeDefinition ? K : never }[keyof Kit];
type Listed = (typeof KIT_ENDPOINTS)[KitEndpointName];

type Misnamed = { [N in KitEndpointName]: Snake<(typeof KIT_ENDPOINTS)[N]> extends N ? never : N }[KitEndpointName];
type Unlisted = Exclude<PipeExports, Listed | KitNonEndpointPipes>;
type NotPipes = Exclude<Listed | KitNonEndpointPipes, PipeExports>;
type Reserved = Extract<KitEndpointName, "raw">;

/** Fails to compile, naming the culprits, unless every check above finds nothing. */
type Expect<T extends never> = T;
export type KitEndpointChecks = [Expect<Misnamed>, Expect<Unlisted>, Expect<NotPipes>, Expect<Reserved>];
