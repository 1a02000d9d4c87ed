/**
 * Who may have the admin token from `GET /tokens` without asking for it: a program on
 * the server's own machine, talking to it directly. Tinybird Local only ever listens
 * there; Aviary may be reachable from elsewhere, so each way a stranger could look
 * local is checked:
 * - the TCP peer must be loopback: a remote client is refused;
 * - no proxy headers: behind a proxy every client's connection comes from loopback;
 * - `Host` must name loopback with this server's port: a page on a name the attacker
 *   points at 127.0.0.1 (DNS rebinding) sends its own name;
 * - no `Origin`: browsers send it with cross-origin requests, and a web page must never
 *   read the token; the SDK's CLI (Node's fetch) sends none.
 * A TCP forwarder on this machine (socat, ssh -R) still looks local to all of these:
 * there, start the server with `--no-local-tokens`.
 */
import type { IncomingHttpHeaders } from "node:http";

export interface Caller {
  readonly headers: IncomingHttpHeaders;
  /** The TCP peer's address. */
  readonly remoteAddress?: string;
  /** The port the connection came in on (the configured one may be 0: any free port). */
  readonly localPort?: number;
}

const LOOPBACK_PEERS = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);
const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]"];
const PROXY_HEADERS = ["x-forwarded-for", "forwarded", "x-real-ip"];

/** The `Host` values a local client sends to this port (no port when it is HTTP's default). */
export function loopbackHosts(port: number): string[] {
  const withPort = LOOPBACK_NAMES.map((name) => `${name}:${port}`);
  return port === 80 ? [...withPort, ...LOOPBACK_NAMES] : withPort;
}

/** Why the caller may not have the token, or undefined when it may. */
export function notLocalReason(caller: Caller): string | undefined {
  const { headers } = caller;
  if (!LOOPBACK_PEERS.has(caller.remoteAddress ?? "")) return "the connection does not come from this machine";
  if (PROXY_HEADERS.some((name) => headers[name] !== undefined)) return "the request came through a proxy (X-Forwarded-For, Forwarded or X-Real-IP)";
  if (headers.origin !== undefined) return "a web page (a request with an Origin header) may never read it";
  const hosts = loopbackHosts(caller.localPort ?? 0);
  // Host names are case-insensitive; the port must be the one the connection came in on.
  if (!hosts.includes((headers.host ?? "").toLowerCase())) return `the Host header must be one of ${hosts.slice(0, 3).join(", ")}`;
  return undefined;
}
