/**
 * Types inferred from `aviary/schema` / `@tinybirdco/sdk` definitions, with the SDK's own
 * `InferParams` / `InferOutputRow`, so there is no second, hand-written copy to drift.
 * They need the SDK, so the client package does not carry them: its build writes the kit's
 * shapes out in full instead (build/kit-declarations.ts).
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
import type { UntypedRow } from "./types.ts";

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
