/**
 * `createAnalyticsClient`: the web analytics kit's endpoints, typed from the kit's own
 * definitions, plus server-side events in the tracker's format.
 */
import { KIT_ENDPOINTS, type KitEndpointName } from "./endpoints.ts";
import { postEvents } from "./events.ts";
import { createTransport, type ClientOptions } from "./http.ts";
import type { AnalyticsEventInput, KitShapes } from "./kit-types.ts";
import { queryNamespace } from "./query.ts";
import type { IngestOptions, IngestResult, QueryNamespace } from "./types.ts";

/** The kit's endpoints; `Rows` replaces the row type of any of them (e.g. with `npx aviary types` output). */
export type KitEndpoints<Rows extends Partial<Record<KitEndpointName, object>> = Record<never, never>> = {
  readonly [N in KitEndpointName]: {
    readonly params: KitShapes[N]["params"];
    readonly row: N extends keyof Rows ? NonNullable<Rows[N]> : KitShapes[N]["row"];
  };
};

export interface TrackOptions extends IngestOptions {
  readonly tenantId?: string;
  readonly domain?: string;
  readonly sessionId?: string;
  /** When it happened; now by default. */
  readonly timestamp?: Date | string;
  /** The event format version; "1", as the tracker sends, by default. */
  readonly version?: string;
}

export interface AnalyticsClient<Rows extends Partial<Record<KitEndpointName, object>> = Record<never, never>> {
  readonly query: QueryNamespace<KitEndpoints<Rows>>;
  /** One event, e.g. `track("signup", { plan: "pro" }, { tenantId })`; the payload is stored as JSON text. */
  track(action: string, payload?: Record<string, unknown>, options?: TrackOptions): Promise<IngestResult>;
  /** Events in the landing table's shape, sent in one request. */
  ingest(rows: readonly AnalyticsEventInput[], options?: IngestOptions): Promise<IngestResult>;
}

const EVENTS = "analytics_events";

export function createAnalyticsClient<Rows extends Partial<Record<KitEndpointName, object>> = Record<never, never>>(
  options: ClientOptions,
): AnalyticsClient<Rows> {
  const transport = createTransport(options);
  const names = Object.keys(KIT_ENDPOINTS) as KitEndpointName[];
  return Object.freeze({
    query: queryNamespace<KitEndpoints<Rows>>(transport, names),
    track: (action: string, payload: Record<string, unknown> = {}, opts: TrackOptions = {}) => {
      const event: AnalyticsEventInput = {
        timestamp: opts.timestamp ?? new Date(),
        action,
        version: opts.version ?? "1",
        payload: JSON.stringify(payload),
        ...(opts.sessionId === undefined ? {} : { session_id: opts.sessionId }),
        ...(opts.tenantId === undefined ? {} : { tenant_id: opts.tenantId }),
        ...(opts.domain === undefined ? {} : { domain: opts.domain }),
      };
      return postEvents(transport, EVENTS, [event], opts);
    },
    ingest: (rows: readonly AnalyticsEventInput[], opts?: IngestOptions) => postEvents(transport, EVENTS, rows, opts),
  });
}
