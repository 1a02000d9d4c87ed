/**
 * The few lines a person needs once the server is up: where the dashboard is, the token to
 * sign in with (shown on the start that created it) and where the tracking snippet is.
 * Plain text on stderr, so it reads the same whether the logs on stdout are pretty or JSON.
 */
import { resolve } from "node:path";

export interface BannerFacts {
  /** The address the server listens on, e.g. http://127.0.0.1:7181. */
  readonly url: string;
  readonly dataDir: string;
  /** Present on the start that created the workspace: the only time the token is printed. */
  readonly newAdminToken?: string;
  /** With state in ClickHouse, what commands need instead of the data directory (state-marker.ts). */
  readonly stateFlags?: string;
}

/** A browser cannot be sent to "every address": the dashboard link names this machine's loopback. */
function browsable(url: string): string {
  const parsed = new URL(url);
  if (parsed.hostname === "0.0.0.0" || parsed.hostname === "[::]") parsed.hostname = "127.0.0.1";
  return parsed.href;
}

export function startBanner(facts: BannerFacts): string {
  // Commands people copy must find the same data directory.
  const dirFlag = facts.stateFlags !== undefined ? ` ${facts.stateFlags}` : facts.dataDir === resolve(".aviary") ? "" : ` --data-dir ${facts.dataDir}`;
  const dashboard = browsable(facts.url);
  const token = facts.newAdminToken
    ? [`  Admin token    (sign in with it; shown on this first start only, again with: npx aviary token admin${dirFlag})`, `                 ${facts.newAdminToken}`]
    : [`  Admin token    npx aviary token admin${dirFlag}`];
  return [
    "",
    `  Aviary is running; Ctrl+C stops it. Data: ${facts.dataDir}`,
    "",
    `  Dashboard      ${dashboard}`,
    ...token,
    `  Tracking code  ${dashboard}?tenant=NAME shows the snippet for the site of a new customer NAME`,
    "",
    "",
  ].join("\n");
}
