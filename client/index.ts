/**
 * The client package (`@aviary/client`; `aviary/client` inside this repository): typed
 * access to an Aviary server from Node or the browser (fetch only).
 *
 *   const tinybird = createAnalyticsClient({ token: "YOUR_JWT_TOKEN" });
 *   const kpis = await tinybird.query.kpis({ date_from: "2024-01-01", date_to: "2024-01-31" });
 */
export { createAnalyticsClient } from "./analytics-client.ts";
export type { AnalyticsClient, KitEndpoints, TrackOptions } from "./analytics-client.ts";
export { createClient } from "./create-client.ts";
export type { ProjectClient, ProjectClientOptions } from "./create-client.ts";
export { KIT_ENDPOINTS } from "./endpoints.ts";
export type { KitEndpointName } from "./endpoints.ts";
export type { AnalyticsEvent, AnalyticsEventInput, KitShapes } from "./kit-types.ts";
export { AviaryError } from "./errors.ts";
export { DEFAULT_BASE_URL } from "./http.ts";
export type { CallOptions, ClientOptions, FetchLike } from "./http.ts";
export type {
  EndpointMap,
  EndpointShape,
  IngestOptions,
  IngestResult,
  QueryMethod,
  QueryNamespace,
  QueryOptions,
  QueryResponse,
  RawQueryMethod,
  UntypedRow,
} from "./types.ts";
