/**
 * Saving and deleting funnels: each is a new version appended to `analytics_funnels`
 * (`deleted: 1` removes one), as goals are. The server fixes the row's tenant_id to the
 * token's own; a token that may not write gets a 403, which `funnelWriteProblem` turns
 * into what the viewer can do about it.
 */
import type { ApiClient } from "./api-client.ts";
import { appendRows } from "./append-rows.ts";
import type { ApiError } from "./api-error.ts";

export interface FunnelVersion {
  readonly tenant_id: string;
  readonly domain: string;
  readonly funnel_id: string;
  readonly name: string;
  readonly steps: readonly string[];
  readonly window_minutes: number;
  /** `session` or `visitor`: whom the window follows. */
  readonly per: string;
  readonly deleted: 0 | 1;
}

export function appendFunnel(client: ApiClient, version: FunnelVersion): Promise<void> {
  return appendRows(client, "analytics_funnels", [version]);
}

/** The sentence shown when a save or delete fails. */
export function funnelWriteProblem(error: ApiError): string {
  if (error.isNoAccess) return "This token can read reports but not save funnels. Ask for a link that can edit (aviary token jwt … --write), or use the funnel without saving it.";
  return `Not saved: ${error.reason}`;
}
