import {
  defineDatasource as sdkDefineDatasource,
  type DatasourceDefinition,
  type DatasourceOptions,
  type SchemaDefinition,
} from "@tinybirdco/sdk";

/**
 * The SDK's options, except that `schema` may be left to the materialized view that fills
 * the datasource, plus Aviary's `dedupeKey`: a column whose value the Events API accepts
 * only once within its recent window (catches client retries and beacons sent twice).
 */
export type AviaryDatasourceOptions<TSchema extends SchemaDefinition> = Omit<DatasourceOptions<TSchema>, "schema"> & {
  schema?: TSchema;
  dedupeKey?: Extract<keyof TSchema, string>;
};

export function defineDatasource<TSchema extends SchemaDefinition = SchemaDefinition>(
  name: string,
  options: AviaryDatasourceOptions<TSchema>,
): DatasourceDefinition<TSchema> {
  return sdkDefineDatasource(name, { ...options, schema: options.schema ?? ({} as TSchema) });
}
