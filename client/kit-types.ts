/**
 * The kit's endpoint and event types, inferred from its definitions (kit/). The one file of
 * the client that reads the kit or the SDK: the package build (build/build-client.ts) writes
 * its declarations out as plain interfaces, so the package depends on neither.
 */
import type { DatasourceDefinition, InferRow, PipeDefinition, SchemaDefinition } from "@tinybirdco/sdk";
import type * as kit from "../kit/index.ts";
import type { IngestRow, ShapeOf } from "./definition-types.ts";
import type { KIT_ENDPOINTS, KitEndpointName } from "./endpoints.ts";

type Kit = typeof kit;
type Listed = (typeof KIT_ENDPOINTS)[KitEndpointName];
type KitDefinition<N extends KitEndpointName> = Kit[(typeof KIT_ENDPOINTS)[N] & keyof Kit];

/** Each kit endpoint's parameters and rows, as its definition declares them. */
export type KitShapes = { readonly [N in KitEndpointName]: ShapeOf<KitDefinition<N>> };

/** A row of `analytics_events` as stored. */
export type AnalyticsEvent = InferRow<Kit["analyticsEvents"]>;

/** A row to ingest: columns with a default (or nullable) may be left out; timestamps may be Dates. */
export type AnalyticsEventInput = IngestRow<Kit["analyticsEvents"]>;

// ---- compile-time checks of KIT_ENDPOINTS (types only; nothing here exists at runtime) ----
//   - every value is a kit export that is a pipe, and its endpoint name is its export name in
//     snake_case (so `top_pages: "topPages"` does not compile);
//   - every pipe the kit exports is listed there or in `KitNonEndpointPipes`, so a new kit
//     endpoint fails the build until it is added.

/** Kit pipes that are not endpoints (materialized views). */
type KitNonEndpointPipes = "analyticsPages" | "analyticsSessions" | "analyticsSources" | "analyticsVisits" | "analyticsCustomEvents" | "analyticsPageViews" | "tenantActions" | "tenantDomains";

type Snake<S extends string> = S extends `${infer Head}${infer Tail}` ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${Snake<Tail>}` : S;
type PipeExports = { [K in keyof Kit]: Kit[K] extends DatasourceDefinition<SchemaDefinition> ? never : Kit[K] extends PipeDefinition ? K : never }[keyof Kit];

type Misnamed = { [N in KitEndpointName]: Snake<(typeof KIT_ENDPOINTS)[N]> extends N ? never : N }[KitEndpointName];
type Unlisted = Exclude<PipeExports, Listed | KitNonEndpointPipes>;
type NotPipes = Exclude<Listed | KitNonEndpointPipes, PipeExports>;
type Reserved = Extract<KitEndpointName, "raw">;

/** Fails to compile, naming the culprits, unless every check above finds nothing. */
type Expect<T extends never> = T;
export type KitEndpointChecks = [Expect<Misnamed>, Expect<Unlisted>, Expect<NotPipes>, Expect<Reserved>];
