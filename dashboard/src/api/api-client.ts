/**
 * The dashboard's only door to the server: the public Pipes API (and, for static tokens,
 * `/v0/sql` and `/v0/tokens`), always with `Authorization: Bearer` so the token never
 * lands in URLs or server logs.
 */
import { ApiError, apiErrorFrom } from "./api-error.ts";
import type { DashboardPipe } from "./dashboard-pipes.ts";

export type Params = Readonly<Record<string, string | number | boolean | undefined>>;

export interface PipeResponse<Row> {
  readonly meta: readonly { name: string; type: string }[];
  readonly data: Row[];
  readonly rows: number;
  readonly statistics?: { elapsed: number; rows_read: number; bytes_read: number };
}

/** Undefined values are left out; an empty string is sent (a filter on direct traffic is `referrer=`). */
export function queryString(params: Params): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : "";
}

export class ApiClient {
  constructor(
    readonly token: string,
    private readonly base = "",
  ) {}

  private async get(path: string, signal?: AbortSignal): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, { headers: { Authorization: `Bearer ${this.token}` }, signal });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new ApiError(0, `Cannot reach the server (${err instanceof Error ? err.message : String(err)})`);
    }
    if (!response.ok) throw await apiErrorFrom(response);
    return response;
  }

  /** Only the dashboard's own pipes (dashboard-pipes.ts): the tokens it mints read exactly those. */
  async pipe<Row>(name: DashboardPipe, params: Params = {}, signal?: AbortSignal): Promise<PipeResponse<Row>> {
    return (await (await this.get(`/v0/pipes/${encodeURIComponent(name)}.json${queryString(params)}`, signal)).json()) as PipeResponse<Row>;
  }

  async sql<Row>(query: string, signal?: AbortSignal): Promise<PipeResponse<Row>> {
    return (await (await this.get(`/v0/sql${queryString({ q: `${query} FORMAT JSON` })}`, signal)).json()) as PipeResponse<Row>;
  }

  async openApi(signal?: AbortSignal): Promise<unknown> {
    return (await this.get("/v0/pipes/openapi.json", signal)).json();
  }

  async tokens(signal?: AbortSignal): Promise<{ tokens: { name: string; token: string }[] }> {
    return (await (await this.get("/v0/tokens", signal)).json()) as { tokens: { name: string; token: string }[] };
  }

  /** `POST /v0/tokens`, as the SDK's createJWT: a JWT with these scopes until `expiresAt` (Unix seconds). Admin token only. */
  async createJwt(name: string, scopes: readonly object[], expiresAt: number): Promise<string> {
    const response = await fetch(`${this.base}/v0/tokens/?expiration_time=${expiresAt}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${this.token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ name, scopes }),
    });
    if (!response.ok) throw await apiErrorFrom(response);
    return ((await response.json()) as { token: string }).token;
  }
}
