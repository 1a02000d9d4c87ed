/**
 * Where the token lives between page loads: sessionStorage (gone when the tab closes),
 * never localStorage and never the address bar. A `?token=` link is read once and then
 * removed from the URL so it is not bookmarked, shared or left in the history.
 */
const KEY = "aviary.dashboard.token";

export function takeTokenFromUrl(): string | undefined {
  const url = new URL(window.location.href);
  const token = url.searchParams.get("token");
  if (token === null) return undefined;
  url.searchParams.delete("token");
  window.history.replaceState(window.history.state, "", `${url.pathname}${url.search}${url.hash}`);
  return token.trim() || undefined;
}

export function storedToken(): string | undefined {
  try {
    return sessionStorage.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function storeToken(token: string | undefined): void {
  try {
    if (token === undefined) sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, token);
  } catch {
    // Storage disabled: the session lasts until reload.
  }
}
