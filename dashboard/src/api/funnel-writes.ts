/**
 * Saving and deleting funnels: each is a new version appended to `analytics_funnels`
 * through the Events API (`deleted: 1` removes one), as goals are. The server fixes the
 * row's tenant_id to the token's own; a token that may only read gets a 403, which
 * `writeProblem` turns into what the viewer can do about it.
 */
import type { ApiClient } from "./api-client.ts";
import { ApiError, apiErrorFrom } from "./api-error.ts";

export interface FunnelVersion {
  readonly tenant_id: string;
  readonly domain: string;
  readonly funnel_id: string;
  readonly name: string;
  readonly steps: readonly string[];
  readonly window_minutes: number;
  readonly deleted: 0 | 1;
}

export async function appendFunnel(client: ApiClient, version: FunnelVersion): Promise<void> {
  let response: Response;
  try {
    response = await fetch("/v0/events?name=analytics_funnels&wait=true", {
      method: "POST",
      headers: { Authorization: `Bearer ${client.token}`, "Content-Type": "application/x-ndjson" },
      body: `${JSON.stringify(version)}\n`,
    });
  } catch (err) {
    throw new ApiError(0, `Cannot reach the server (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!response.ok) throw await apiErrorFrom(response);
}

/** The sentence shown when a save or delete fails. */
export function writeProblem(error: ApiError): string {
  if (error.status === 403 && !error.isAuth) return "This token can read reports but not save funnels. Ask for a token that can edit (aviary token jwt … --write), or use the funnel without saving it.";
  return `Not saved: ${error.reason}`;
}
