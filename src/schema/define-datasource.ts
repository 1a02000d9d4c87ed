import {
  defineDatasource as sdkDefineDatasource,
  type DatasourceDefinition,
  type DatasourceOptions,
  type SchemaDefinition,
} from "@tinybirdco/sdk";

/**
 * The SDK's options, except that `schema` may be left to the materialized view that fills
 * the datasource, plus Aviary's `dedupeKey`: a column whose value the Events API accepts
 * only once within its recent window (catches client retries and beacons sent twice),
 * and `ipGeolocation`: a JSON column into which the Events API writes the visitor's
 * `country`, `region` and `city`, looked up from the request's address (never stored),
 * on every row or only on the rows whose `where` columns hold the given values, and
 * `writeTime`: a DateTime64 column the Events API sets to the time of the write for every
 * sender but the admin, whatever the row says, and `visitorId`: a String column the Events
 * API sets, for every sender but the admin, to the sender's visitor id of the day
 * (src/ingest/visitor-ids.ts), so reports can follow one person across sessions.
 */
export type AviaryDatasourceOptions<TSchema extends SchemaDefinition> = Omit<DatasourceOptions<TSchema>, "schema"> & {
  schema?: TSchema;
  dedupeKey?: Extract<keyof TSchema, string>;
  ipGeolocation?: { column: Extract<keyof TSchema, string>; where?: Partial<Record<Extract<keyof TSchema, string>, string>> };
  writeTime?: Extract<keyof TSchema, string>;
  visitorId?: Extract<keyof TSchema, string>;
};

export function defineDatasource<TSchema extends SchemaDefinition = SchemaDefinition>(
  name: string,
  options: AviaryDatasourceOptions<TSchema>,
): DatasourceDefinition<TSchema> {
  return sdkDefineDatasource(name, { ...options, schema: options.schema ?? ({} as TSchema) });
}
