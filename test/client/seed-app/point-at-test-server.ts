/**
 * Loaded before app.ts (`node --import`), so the seed's code runs unchanged: requests
 * for the client's default address go to the test's server, and the seed's placeholder
 * token is swapped for the test's tenant JWT.
 */
const DEFAULT = "http://127.0.0.1:7181";
const target = process.env.SEED_APP_URL ?? DEFAULT;
const jwt = process.env.SEED_APP_JWT ?? "";
const realFetch = globalThis.fetch;

globalThis.fetch = (input: string | URL | Request, init?: RequestInit) => {
  const url = String(input);
  const headers = new Headers(init?.headers);
  if (headers.get("authorization") === "Bearer YOUR_JWT_TOKEN") headers.set("authorization", `Bearer ${jwt}`);
  return realFetch(url.startsWith(DEFAULT) ? target + url.slice(DEFAULT.length) : url, { ...init, headers });
};
