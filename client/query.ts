/** Builds the `query` namespace: one method per endpoint name, plus `raw`. */
import { queryParams, type CallOptions, type Transport } from "./http.ts";
import type { EndpointMap, QueryNamespace, QueryOptions, QueryResponse } from "./types.ts";

async function run(transport: Transport, endpoint: string, params: object | undefined, options: CallOptions = {}): Promise<QueryResponse<object>> {
  const response = await transport.send(`/v0/pipes/${encodeURIComponent(endpoint)}.json`, queryParams(params), {
    method: "GET",
    token: options.token,
    signal: options.signal,
  });
  return (await response.json()) as QueryResponse<object>;
}

export function queryNamespace<E extends EndpointMap>(transport: Transport, endpoints: readonly (keyof E & string)[]): QueryNamespace<E> {
  const methods: Record<string, unknown> = {};
  const raw: Record<string, unknown> = {};
  for (const name of endpoints) {
    methods[name] = async (params?: object, options: QueryOptions = {}) => {
      const response = await run(transport, name, params, options);
      return options.full ? response : response.data;
    };
    raw[name] = (params?: object, options?: CallOptions) => run(transport, name, params, options);
  }
  // Set last: an endpoint named "raw" is still reachable, as query.raw.raw.
  methods.raw = Object.freeze(raw);
  return Object.freeze(methods) as QueryNamespace<E>;
}
