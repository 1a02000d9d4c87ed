/**
 * Types only, and only the wire's: what the Pipes and Events APIs take and answer. Nothing
 * here depends on the SDK, so these declarations ship as they are in the client package;
 * types inferred from definitions live in definition-types.ts.
 */
import type { CallOptions } from "./http.ts";

/** A Pipes API JSON response, as ClickHouse's `FORMAT JSON` writes it. */
export interface QueryResponse<Row> {
  readonly meta: readonly { readonly name: string; readonly type: string }[];
  readonly data: Row[];
  readonly rows: number;
  /** Present when the endpoint's query ends in a LIMIT. */
  readonly rows_before_limit_at_least?: number;
  /** Absent for tokens other than admin: `rows_read` would count other tenants' rows sharing the token's parts. */
  readonly statistics?: { readonly elapsed: number; readonly rows_read: number; readonly bytes_read: number };
}

/** What one endpoint takes and what each of its rows is. */
export interface EndpointShape {
  readonly params: object;
  readonly row: object;
}

/** Endpoint name → its shape. */
export type EndpointMap = Record<string, EndpointShape>;

/** A row whose columns are known only once the query has run. */
export type UntypedRow = Record<string, unknown>;

export interface QueryOptions extends CallOptions {
  /** Resolve to the whole response (`meta`, `data`, `rows`, `statistics`) instead of the rows. */
  readonly full?: boolean;
}

/** Whether an empty object is valid parameters (every one optional, or none): then they may be left out. */
type AllOptional<P> = Record<never, never> extends P ? true : false;

export type QueryMethod<S extends EndpointShape> = AllOptional<S["params"]> extends true
  ? {
      (params?: S["params"], options?: QueryOptions & { readonly full?: false }): Promise<S["row"][]>;
      (params: S["params"] | undefined, options: QueryOptions & { readonly full: true }): Promise<QueryResponse<S["row"]>>;
    }
  : {
      (params: S["params"], options?: QueryOptions & { readonly full?: false }): Promise<S["row"][]>;
      (params: S["params"], options: QueryOptions & { readonly full: true }): Promise<QueryResponse<S["row"]>>;
    };

export type RawQueryMethod<S extends EndpointShape> = AllOptional<S["params"]> extends true
  ? (params?: S["params"], options?: CallOptions) => Promise<QueryResponse<S["row"]>>
  : (params: S["params"], options?: CallOptions) => Promise<QueryResponse<S["row"]>>;

/** `query.<endpoint>(params)` resolves to rows; `query.raw.<endpoint>(params)` to the whole response. */
export type QueryNamespace<E extends EndpointMap> = { readonly [N in keyof E]: QueryMethod<E[N]> } & {
  readonly raw: { readonly [N in keyof E]: RawQueryMethod<E[N]> };
};

/** `{"successful_rows", "quarantined_rows"}` from the Events API. */
export interface IngestResult {
  readonly successful_rows: number;
  readonly quarantined_rows: number;
}

export interface IngestOptions extends CallOptions {
  /** Answer once the rows are stored (200), rather than once they are logged (202). Default true. */
  readonly wait?: boolean;
}
