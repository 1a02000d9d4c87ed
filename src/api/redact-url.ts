/**
 * Request URLs as they may be written to a log: the value of every query parameter the
 * server reads as `token` is hidden. A pattern over the raw text is not enough: keys are
 * percent-decoded (`%74oken=`) and `token=` can sit inside another value
 * (`?x=token=a&token=…`). So the query string is split where the router splits it and
 * each pair's key decoded by the very parser the server uses (`parseQuery`, below).
 */
import { parseQuery } from "./query-string.ts";

const HIDDEN = "…";

/** The router's query string starts after the first `?` or `#` (find-my-way's rule). */
function queryStart(url: string): number {
  const at = url.search(/[?#]/);
  return at === -1 ? -1 : at + 1;
}

function readsAsToken(pair: string): boolean {
  return Object.keys(parseQuery(pair)).includes("token");
}

export function redactUrl(url: string): string {
  const start = queryStart(url);
  if (start === -1) return url;
  // The parser splits pairs on `&` only, so each piece is parsed alone exactly as in the whole.
  const pairs = url
    .slice(start)
    .split("&")
    .map((pair) => {
      if (!readsAsToken(pair)) return pair;
      const eq = pair.indexOf("=");
      return eq === -1 ? pair : `${pair.slice(0, eq)}=${HIDDEN}`;
    });
  return url.slice(0, start) + pairs.join("&");
}
