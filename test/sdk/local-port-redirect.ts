/**
 * Preloaded into the SDK CLI's process by cli-build.test.ts (`node --import`). The CLI's
 * local mode has http://localhost:7181 built in, which an `npm start` on this machine may
 * hold; requests for it go to the test's server instead (AVIARY_TEST_LOCAL_URL, e.g.
 * http://localhost:40123). Only the port changes: the path, query, headers and body are
 * the CLI's own, and the server still sees a loopback Host for its own port, as the SDK's
 * local mode sends it.
 */
const LOCAL = "http://localhost:7181";
const target = process.env.AVIARY_TEST_LOCAL_URL;
if (!target) throw new Error("local-port-redirect: set AVIARY_TEST_LOCAL_URL");
const realFetch = globalThis.fetch;

globalThis.fetch = (input: string | URL | Request, init?: RequestInit) => {
  const url = input instanceof Request ? input.url : String(input);
  if (url !== LOCAL && !url.startsWith(`${LOCAL}/`)) return realFetch(input, init);
  const redirected = target + url.slice(LOCAL.length);
  return realFetch(input instanceof Request ? new Request(redirected, input) : redirected, init);
};
