/**
 * Signed out → the sign-in screen; signed in → the dashboard for that token. The token
 * comes from a `?token=` link (then removed from the address bar), the tab's session
 * storage, or the sign-in form. Any request the server refuses with an auth error, or a
 * JWT whose `exp` passes while the page is open, brings the user back here with the reason.
 */
import { useCallback, useEffect, useMemo, useState } from "preact/compat";
import { ApiClient } from "./api/api-client.ts";
import { storeToken, storedToken, takeTokenFromUrl } from "./api/session-store.ts";
import { tokenInfo } from "./api/token-info.ts";
import { Dashboard } from "./components/dashboard.tsx";
import { SignIn } from "./components/sign-in.tsx";
import { clearCache } from "./state/query-cache.ts";
import { SessionContext, type Session } from "./state/session-context.ts";

function initialToken(): string | undefined {
  const fromUrl = takeTokenFromUrl();
  if (fromUrl) storeToken(fromUrl);
  return fromUrl ?? storedToken();
}

/** The starting session: a token already past its `exp` goes straight to sign-in, saying why. */
function initialState(): { token?: string; message?: string } {
  const token = initialToken();
  const expiresAt = token ? tokenInfo(token).expiresAt : undefined;
  if (expiresAt !== undefined && expiresAt <= Date.now()) {
    storeToken(undefined);
    return { message: expiredMessage(expiresAt) };
  }
  return { token };
}

function expiredMessage(expiresAt: number): string {
  return `Your token expired on ${new Date(expiresAt).toLocaleString()}. Ask for a new one and sign in again.`;
}

export function App() {
  const [initial] = useState(initialState);
  const [token, setToken] = useState(initial.token);
  const [message, setMessage] = useState(initial.message);

  const signOut = useCallback((why?: string) => {
    storeToken(undefined);
    clearCache();
    setToken(undefined);
    setMessage(why);
  }, []);

  const signIn = useCallback((value: string) => {
    storeToken(value);
    clearCache();
    setMessage(undefined);
    setToken(value);
  }, []);

  const session = useMemo<Session | null>(() => (token ? { client: new ApiClient(token), info: tokenInfo(token), signOut } : null), [token, signOut]);
  const expiresAt = session?.info.expiresAt;

  useEffect(() => {
    if (expiresAt === undefined) return;
    const left = expiresAt - Date.now();
    if (left <= 0) {
      signOut(expiredMessage(expiresAt));
      return;
    }
    // setTimeout overflows above ~24.8 days; such tokens are checked on the next load.
    if (left > 2 ** 31 - 1) return;
    const timer = setTimeout(() => signOut(expiredMessage(expiresAt)), left);
    return () => clearTimeout(timer);
  }, [expiresAt, signOut]);

  // Keyed by the message so a new reason replaces whatever the form showed before.
  if (!session) return <SignIn key={message ?? ""} message={message} onSignIn={signIn} />;
  return (
    <SessionContext.Provider value={session}>
      <Dashboard />
    </SessionContext.Provider>
  );
}
