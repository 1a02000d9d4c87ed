/**
 * The token tracking scripts send events with, for the snippet in empty states. Only an
 * admin can list tokens (`GET /v0/tokens`); everyone else sees a placeholder to replace.
 */
import { useLoad } from "./use-load.ts";

export const TRACKER_TOKEN_PLACEHOLDER = "YOUR_TRACKER_TOKEN";

export function useTrackerToken(operator: boolean): string {
  const tokens = useLoad(operator ? "tokens" : null, (client) => client.tokens(), { auxiliary: true });
  return tokens.data?.tokens.find((t) => t.name === "tracker")?.token ?? TRACKER_TOKEN_PLACEHOLDER;
}
