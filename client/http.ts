/**
 * The client's only way out: `fetch`, so it runs unchanged in Node 18+, browsers, Deno
 * and workers. No Node module is imported anywhere under client/ (a test checks).
 */
import { AviaryError, errorFromResponse } from "./errors.ts";

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface ClientOptions {
  /** A JWT (per tenant), the dashboard token, the tracker token or the admin token. */
  readonly token: string;
  /** Where Aviary listens; `http://127.0.0.1:7181` (what `npm start` serves) by default. */
  readonly baseUrl?: string;
  /** Another fetch (tests, proxies, instrumentation); the global one by default. */
  readonly fetch?: FetchLike;
}

/** Per-call options every method takes. */
export interface CallOptions {
  /** Use this token for the one call instead of the client's. */
  readonly token?: string;
  readonly signal?: AbortSignal;
}

export const DEFAULT_BASE_URL = "http://127.0.0.1:7181";

export interface Transport {
  send(path: string, query: URLSearchParams, init: RequestInit & CallOptions): Promise<Response>;
}

export function createTransport(options: ClientOptions): Transport {
  if (!options.token) throw new AviaryError(0, "createAnalyticsClient: a token is required");
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  // A browser's fetch throws "Illegal invocation" when called detached from its global.
  const fetchFn: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return {
    async send(path, query, { token, headers, ...init }) {
      const search = query.toString();
      const url = `${baseUrl}${path}${search ? `?${search}` : ""}`;
      const all = new Headers(headers);
      all.set("Authorization", `Bearer ${token ?? options.token}`);
      let response: Response;
      try {
        response = await fetchFn(url, { ...init, headers: all });
      } catch (err) {
        if ((err as { name?: string }).name === "AbortError") throw err;
        throw new AviaryError(0, `could not reach Aviary at ${baseUrl}: ${(err as Error).message}`, { cause: err });
      }
      if (!response.ok) throw await errorFromResponse(response);
      return response;
    },
  };
}

/**
 * Query-string parameters as the Pipes API reads them: absent values are left out,
 * arrays comma-joined (the server keeps only the first of repeated keys), booleans as
 * `true`/`false` (the kit's templates compare the raw text), dates as ISO text.
 */
export function queryParams(params: object | undefined): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value === undefined || value === null) continue;
    search.set(key, Array.isArray(value) ? value.map(text).join(",") : text(value));
  }
  return search;
}

function text(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return String(value);
}
