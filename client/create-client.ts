/**
 * A typed client for any Aviary project: give it the endpoint names and, as a type, what
 * each takes and returns (`npx aviary types` writes both for a deployed project).
 */
import { postEvents } from "./events.ts";
import { createTransport, type ClientOptions } from "./http.ts";
import { queryNamespace } from "./query.ts";
import type { EndpointMap, IngestOptions, IngestResult, QueryNamespace } from "./types.ts";

export interface ProjectClientOptions<E extends EndpointMap> extends ClientOptions {
  readonly endpoints: readonly (keyof E & string)[];
}

export interface ProjectClient<E extends EndpointMap> {
  readonly query: QueryNamespace<E>;
  /** Appends rows to a datasource through the Events API (the token needs APPEND on it). */
  ingest(datasource: string, rows: readonly object[], options?: IngestOptions): Promise<IngestResult>;
}

export function createClient<E extends EndpointMap>(options: ProjectClientOptions<E>): ProjectClient<E> {
  const transport = createTransport(options);
  return Object.freeze({
    query: queryNamespace<E>(transport, options.endpoints),
    ingest: (datasource: string, rows: readonly object[], ingestOptions?: IngestOptions) => postEvents(transport, datasource, rows, ingestOptions),
  });
}
