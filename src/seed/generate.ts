/**
 * Traffic generator: realistic flock.js-shaped events for many tenants, pure and
 * deterministic (the same options and seed give the same events). Sessions have several
 * page views, a referrer and sometimes a campaign on the landing URL, a device with its
 * viewport width, a locale, a place (and the address lookup's country, region and city);
 * some send web vitals and custom events. Some visitors come back the same day (a visit's
 * visitor id names one of a fixed number of people per site and day).
 */
import { createHash } from "node:crypto";
import { arrivalPicker } from "./acquisition.ts";
import { CUSTOM_EVENTS, pageAt } from "./catalog.ts";
import { Rng, weightedPicker, zipfExponentForShare, zipfWeights } from "./rng.ts";
import { visitorPicker, type Visitor } from "./visitor.ts";
import { vitalsFor } from "./vitals.ts";

/** One event as the tracker sends it to `POST /v0/events?name=analytics_events`. */
export interface FlockEvent {
  timestamp: string;
  action: string;
  version: string;
  session_id: string | null;
  tenant_id: string;
  domain: string;
  payload: string;
  /** Set by the Events API for every sender but the admin (src/ingest/visitor-ids.ts). */
  visitor_id?: string;
}

export interface GenerateOptions {
  /** Exactly this many events are produced. */
  readonly events: number;
  readonly tenants: number;
  /** Domains per tenant. */
  readonly domains: number;
  /** Events spread over the `days` days before `end`. */
  readonly days: number;
  readonly seed?: number;
  /** Epoch milliseconds of the newest possible event; now by default. */
  readonly end?: number;
  /** Share of sessions whose tracker sent no session id (stored as '0'); default 0.3%. */
  readonly nullSessionShare?: number;
  /** Share of events the largest tenant gets (default: 10%, or more when there are few tenants). */
  readonly largestShare?: number;
}

export interface Tenant {
  readonly id: string;
  readonly domains: readonly string[];
}

export function tenantsFor(count: number, domainsPerTenant: number): Tenant[] {
  return Array.from({ length: count }, (_, i) => {
    const base = `customer-${i + 1}.com`;
    const domains = Array.from({ length: domainsPerTenant }, (_, j) => (j === 0 ? base : `${["app", "docs", "shop", "blog"][j - 1] ?? `site${j}`}.${base}`));
    return { id: `customer-${i + 1}`, domains };
  });
}

/** Default share of the largest tenant: about 10% for many tenants, more for a handful. */
export function defaultLargestShare(tenants: number): number {
  return Math.max(0.1, Math.min(0.6, 2 / tenants));
}

const PAGES_PER_DOMAIN = 400;
const MINUTE = 60_000;
/** Events of an average visit (page views, vitals, custom events), to turn events into visits. */
const EVENTS_PER_VISIT = 3.2;
/** People per site and day, as a share of its visits: a visitor then makes about 1.4 visits a day. */
const PEOPLE_PER_VISIT = 1;

/**
 * The visitor id of a site's visit on a day: one of `people` ids, drawn with an rng of its own
 * (so adding visitor ids left every other field of the generated events as it was).
 */
function visitorIdPicker(seed: number) {
  const rng = new Rng(seed);
  return (domain: string, t: number, people: number): string =>
    createHash("sha256").update(`${domain}\n${new Date(t).toISOString().slice(0, 10)}\n${rng.int(0, Math.max(1, Math.round(people)) - 1)}`).digest("hex").slice(0, 16);
}

/** Relative traffic by local hour of day: quiet nights, busy working hours. */
const DIURNAL = [0.25, 0.18, 0.14, 0.12, 0.12, 0.16, 0.3, 0.5, 0.75, 0.9, 1, 1, 0.95, 0.95, 1, 1, 0.95, 0.85, 0.75, 0.7, 0.65, 0.55, 0.45, 0.35];

export function* generateEvents(options: GenerateOptions): Generator<FlockEvent> {
  if (options.tenants < 1 || options.domains < 1 || !(options.days > 0)) throw new Error("generateEvents: tenants and domains must be at least 1 and days above 0");
  const rng = new Rng(options.seed ?? 1);
  const end = options.end ?? Date.now();
  const start = end - options.days * 86_400_000;
  const tenants = tenantsFor(options.tenants, options.domains);
  const tenantWeights = zipfWeights(tenants.length, zipfExponentForShare(tenants.length, options.largestShare ?? defaultLargestShare(tenants.length)));
  const pickTenant = weightedPicker(tenants, tenantWeights);
  const domainWeights = zipfWeights(options.domains, 1);
  const pickDomainRank = weightedPicker(Array.from({ length: options.domains }, (_, i) => i), domainWeights);
  const shares = (weights: readonly number[]) => {
    const total = weights.reduce((a, b) => a + b, 0);
    return weights.map((w) => w / total);
  };
  const tenantShares = new Map(shares(tenantWeights).map((s, i) => [tenants[i]!, s]));
  const domainShares = shares(domainWeights);
  const pickVisitorId = visitorIdPicker((options.seed ?? 1) + 7919);
  const visitsPerDay = options.events / EVENTS_PER_VISIT / options.days;
  const picks: Picks = {
    page: weightedPicker(Array.from({ length: PAGES_PER_DOMAIN }, (_, i) => i), zipfWeights(PAGES_PER_DOMAIN, 1.1)),
    other: weightedPicker(Array.from({ length: 300 }, (_, i) => i), zipfWeights(300, 1)),
  };
  const pickVisitor = visitorPicker(end);
  const arrival = arrivalPicker();
  const pickCustom = weightedPicker(CUSTOM_EVENTS, CUSTOM_EVENTS.map((c) => c.weight));

  let emitted = 0;
  while (emitted < options.events) {
    const tenant = pickTenant(rng);
    const domainRank = pickDomainRank(rng);
    const domain = tenant.domains[domainRank] ?? tenant.domains[0]!;
    const visitor = pickVisitor(rng);
    // Rejection sampling on local hour shapes the day; a gentle upward trend over the window.
    let t = start + rng.float() * (end - start);
    for (let tries = 0; tries < 8; tries++) {
      const localHour = Math.floor((((t / 3_600_000 + visitor.utcOffsetHours) % 24) + 24) % 24);
      const trend = 0.8 + (0.2 * (t - start)) / Math.max(1, end - start);
      if (rng.float() < (DIURNAL[localHour] ?? 1) * trend) break;
      t = start + rng.float() * (end - start);
    }
    const sessionId = rng.chance(options.nullSessionShare ?? 0.003) ? null : rng.uuid();
    // The tracker sends data-domain when the site sets it; otherwise the domain comes from href.
    const envelopeDomain = rng.chance(0.85) ? domain : "";
    const host = domain.split(".").length === 2 && rng.chance(0.3) ? `www.${domain}` : domain;
    const bot = visitor.agent.bot === true;
    const pageViews = bot ? rng.int(1, 2) : rng.chance(0.4) ? 1 : 1 + rng.geometric(3);
    const landing = bot ? { referrer: "", query: "" } : arrival(rng, { host, country: visitor.place.country, ...picks });

    const people = visitsPerDay * tenantShares.get(tenant)! * domainShares[domainRank]! * PEOPLE_PER_VISIT;
    const visitorId = pickVisitorId(domain, t, people);
    let previousHref = "";
    for (let view = 0; view < pageViews && emitted < options.events; view++) {
      if (t > end) break;
      const pathname = pageAt(picks.page(rng));
      const href = `https://${host}${pathname}${view === 0 ? landing.query : ""}`;
      // Later views: mostly the previous page; else the landing referrer again (a back-and-forth, a second tab).
      const referrer = view === 0 ? landing.referrer : rng.chance(0.7) ? previousHref : landing.referrer;
      const envelope = { version: "1", session_id: sessionId, tenant_id: tenant.id, domain: envelopeDomain, visitor_id: visitorId };
      yield {
        timestamp: new Date(t).toISOString(),
        action: "page_hit",
        ...envelope,
        payload: JSON.stringify(pageHitPayload(visitor, referrer, pathname, href)),
      };
      emitted++;
      // At least 2 s: a visit's page views fall in different seconds (the stored precision), so its first and last are well defined.
      const gap = Math.min(20 * MINUTE, Math.max(2_000, rng.logNormal(40_000, 1)));
      if (!bot && rng.chance(0.1)) {
        for (const vital of vitalsFor(rng, gap)) {
          if (emitted >= options.events || t + vital.after > end) continue;
          yield { timestamp: new Date(t + vital.after).toISOString(), action: "web_vital", ...envelope, payload: JSON.stringify({ ...vital.payload, pathname, href }) };
          emitted++;
        }
      }
      if (!bot && rng.chance(0.15) && emitted < options.events) {
        const custom = pickCustom(rng);
        const at = t + rng.float() * gap;
        if (at <= end) {
          yield { timestamp: new Date(at).toISOString(), action: custom.action, ...envelope, payload: JSON.stringify({ ...custom.payload(rng), pathname, href }) };
          emitted++;
        }
      }
      previousHref = href;
      t += gap;
    }
  }
}

/** Zipf-ranked draws shared by every session: a page of a site, another site. */
interface Picks {
  readonly page: (rng: Rng) => number;
  readonly other: (rng: Rng) => number;
}

/** The tracker's fields, then what the Events API's address lookup adds. */
function pageHitPayload(v: Visitor, referrer: string, pathname: string, href: string): Record<string, unknown> {
  const tracker = { "user-agent": v.agent.ua, locale: v.locale, location: v.place.country, referrer, pathname, href };
  return { ...tracker, ...(v.screenWidth !== undefined && { screen_width: v.screenWidth }), ...v.lookup };
}
