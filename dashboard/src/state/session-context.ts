/** The signed-in session: the API client for the token, what the token says about itself, and sign-out. */
import { createContext, useContext } from "preact/compat";
import type { ApiClient } from "../api/api-client.ts";
import type { TokenInfo } from "../api/token-info.ts";

export interface Session {
  readonly client: ApiClient;
  readonly info: TokenInfo;
  /** Back to the sign-in screen, showing `message` (why) if given. */
  signOut(message?: string): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside a signed-in session");
  return session;
}
