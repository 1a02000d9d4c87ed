/**
 * `redactUrl` hides every value the server would read as `token`, however the key is
 * spelled, and leaves everything else as it was.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { parseQuery } from "../../src/api/query-string.ts";
import { redactUrl } from "../../src/api/redact-url.ts";

test("hides the token however it is written", () => {
  const cases: [string, string][] = [
    ["/v0/pipes/kpis.json?token=p.abc", "/v0/pipes/kpis.json?token=…"],
    ["/v0/pipes/kpis.json?%74oken=eyJ.a.b", "/v0/pipes/kpis.json?%74oken=…"],
    ["/v0/pipes/kpis.json?%74%6F%6B%65%6E=eyJ.a.b", "/v0/pipes/kpis.json?%74%6F%6B%65%6E=…"],
    // `token=` inside another parameter's value is that value; the second pair is the token.
    ["/v0/pipes/kpis.json?x=token=a&token=eyJ.a.b", "/v0/pipes/kpis.json?x=token=a&token=…"],
    ["/v0/pipes/kpis.json?date_from=2024-01-01&token=a&token=b", "/v0/pipes/kpis.json?date_from=2024-01-01&token=…&token=…"],
    ["/v0/pipes/kpis.json?token=a=b=c", "/v0/pipes/kpis.json?token=…"],
    // The router also starts the query string at `#`.
    ["/v0/pipes/kpis.json#token=eyJ.a.b", "/v0/pipes/kpis.json#token=…"],
    ["/v0/pipes/kpis.json?&&token=eyJ&", "/v0/pipes/kpis.json?&&token=…&"],
  ];
  for (const [url, redacted] of cases) assert.equal(redactUrl(url), redacted, url);
});

test("leaves URLs without a token as they are", () => {
  for (const url of ["/health", "/v0/pipes/kpis.json", "/v0/pipes/kpis.json?", "/v0/pipes/kpis.json?tokens=a&my_token=b&token", "/v0/pipes/kpis.json?x=token%3Da", "/v0/pipes/kpis.json?token+=a", "/v0/pipes/kpis.json?%74oken%=a"]) {
    assert.equal(redactUrl(url), url);
  }
});

test("property: the server's parser finds no token in a redacted URL, and every other parameter unchanged", () => {
  const piece = fc.constantFrom("token", "%74oken", "t%6Fken", "to", "ken", "%", "%7", "4", "=", "&", "+", "?", "#", "x", "a", "…", "%3D", "%26");
  const query = fc.array(piece, { maxLength: 14 }).map((parts) => parts.join(""));
  const queryOf = (url: string) => url.slice(url.search(/[?#]/) + 1);
  const others = (q: Record<string, unknown>) => Object.fromEntries(Object.entries(q).filter(([key]) => key !== "token"));
  fc.assert(
    fc.property(fc.constantFrom("?", "#"), query, (start, q) => {
      const url = `/v0/pipes/kpis.json${start}${q}`;
      const before = parseQuery(queryOf(url));
      const after = parseQuery(queryOf(redactUrl(url)));
      const values = [after.token ?? []].flat();
      assert.ok(values.every((v) => v === "…" || v === ""), `${url} → ${redactUrl(url)}`);
      assert.deepEqual(others(after), others(before));
    }),
    { numRuns: 2000 },
  );
});
