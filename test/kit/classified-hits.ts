/**
 * The kit's own classification of each page view (OS and version, screen class, language,
 * source, channel), read back from its `analytics_hits` endpoint. Those rules are data
 * the kit maintains (sources table, OS patterns, screen widths) and have tests of their
 * own; the reference takes them as given and computes the reports' aggregation (visits,
 * landing and exit, periods, filters, bots, scoping, paging) independently. Campaign
 * parameters and the place are parsed by the reference itself, and checked here against
 * the server's parse of every page view.
 */
import assert from "node:assert/strict";
import type { KitServer } from "./kit-server.ts";
import type { Hit, Row } from "./reference.ts";

const CLASSIFIED = ["os", "os_version", "screen", "language", "source", "channel"] as const;
const PARSED = ["location", "region", "city", "location_source", "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"] as const;

const utc = (ts: number) => new Date(ts * 1000).toISOString().slice(0, 19).replace("T", " ");

/** What tells two page views apart in `analytics_hits`' output. */
function key(r: { tenant: string; session: string; time: string; href: string; referrer: string; pathname: string; device: string; browser: string }): string {
  return JSON.stringify([r.tenant, r.session, r.time, r.href, r.referrer, r.pathname, r.device, r.browser]);
}

const rowKey = (r: Row) =>
  key({ tenant: String(r.tenant_id), session: String(r.session_id), time: String(r.timestamp), href: String(r.href), referrer: String(r.referrer), pathname: String(r.pathname), device: String(r.device), browser: String(r.browser) });
const hitKey = (h: Hit) => key({ tenant: h.tenant, session: h.session, time: utc(h.ts), href: h.href, referrer: h.referrer, pathname: h.pathname, device: h.device, browser: h.browser });

/**
 * `hits` with the server's classification filled in. Fails when a page view is missing
 * from `analytics_hits`, when two page views that look alike were classified differently
 * (the test data would then be ambiguous), or when the server parsed a campaign parameter
 * or a place differently from the reference.
 */
export async function classifiedHits(server: KitServer, hits: readonly Hit[]): Promise<Hit[]> {
  const rows = await server.query("analytics_hits");
  const byKey = new Map<string, Row>();
  for (const r of rows) {
    const k = rowKey(r);
    const seen = byKey.get(k);
    if (seen && CLASSIFIED.some((c) => seen[c] !== r[c])) throw new Error(`analytics_hits: two alike page views classified differently: ${JSON.stringify(seen)} and ${JSON.stringify(r)}`);
    byKey.set(k, r);
  }
  return hits.map((h) => {
    const r = byKey.get(hitKey(h));
    if (!r) throw new Error(`analytics_hits has no page view ${hitKey(h)}`);
    for (const f of PARSED) assert.equal(r[f], h[f], `analytics_hits ${f} of ${hitKey(h)}`);
    return { ...h, ...(Object.fromEntries(CLASSIFIED.map((c) => [c, String(r[c])])) as Pick<Hit, (typeof CLASSIFIED)[number]>) };
  });
}
