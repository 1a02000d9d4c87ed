/**
 * Types only. What an endpoint takes and returns is inferred from its definition with
 * the SDK's own `InferParams` / `InferOutputRow`, so there is no second, hand-written
 * copy to drift; `npx aviary types` fills in rows for endpoints declared without `output`.
 */
import type {
  DatasourceDefinition,
  InferOutputRow,
  InferParams,
  OutputDefinition,
  ParamsDefinition,
  PipeDefinition,
  TypeModifiers,
  TypeValidator,
} from "@tinybirdco/sdk";
import type { CallOptions } from "./http.ts";

/** A Pipes API JSON response, as ClickHouse's `FORMAT JSON` writes it. */
export interface QueryResponse<Row> {
  readonly meta: readonly { readonly name: string; readonly type: string }[];
  readonly data: Row[];
  readonly rows: number;
  /** Present when the endpoint's query ends in a LIMIT. */
  readonly rows_before_limit_at_least?: number;
  readonly statistics: { readonly elapsed: number; readonly rows_read: number; readonly bytes_read: number };
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

/** An endpoint without `output` infers an index signature: no column is really known. */
type DeclaredRow<D> = D extends PipeDefinition<ParamsDefinition, infer O extends OutputDefinition>
  ? string extends keyof O
    ? UntypedRow
    : InferOutputRow<D>
  : UntypedRow;

/** The shape of a definition; `Row` replaces the inferred row (from `npx aviary types`). */
export type ShapeOf<D, Row = never> = {
  readonly params: InferParams<D>;
  readonly row: [Row] extends [never] ? DeclaredRow<D> : Row;
};

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

// ---- rows to ingest ----

/** A schema entry is a type, or `{ type, jsonPath }`. */
type ValidatorOf<C> = C extends { readonly type: infer V } ? V : C;

/** Columns the server fills in when a row leaves them out: those with a DEFAULT, and nullable ones. */
type MayOmit<C> =
  ValidatorOf<C> extends TypeValidator<unknown, string, infer M> ? (M extends { hasDefault: true } ? true : M extends { nullable: true } ? true : false) : false;

/** Date and DateTime columns also take a `Date`: it goes over the wire as ISO 8601 text, which they accept. */
type IngestValue<C> =
  ValidatorOf<C> extends TypeValidator<infer T, infer ClickHouseType, TypeModifiers> ? (ClickHouseType extends `${string}Date${string}` ? T | Date : T) : unknown;

/** A row to send to a datasource, from its definition. */
export type IngestRow<D> =
  D extends DatasourceDefinition<infer S>
    ? { [K in keyof S as MayOmit<S[K]> extends true ? never : K]: IngestValue<S[K]> } & {
        [K in keyof S as MayOmit<S[K]> extends true ? K : never]?: IngestValue<S[K]>;
      }
    : never;
