/**
 * Whether the session's token is the admin's: `GET /v0/tokens` answers only the admin, so
 * its answer is the test (the server decides; nothing is inferred from the token's text).
 * What only the admin may do (share links, writing any tenant's goals) waits for it.
 */
import { useLoad } from "./use-load.ts";
import { useSession } from "./session-context.ts";

export function useIsAdmin(): boolean {
  const { info } = useSession();
  return useLoad(info.kind === "static" ? "tokens" : null, (client) => client.tokens(), { auxiliary: true }).data !== undefined;
}
