/**
 * Who a generated visit is: a browser (user agent), a place (time zone, so the tracker's
 * country guess), the browser's locale, the viewport width the tracker sends (fitting the
 * device), and what the Events API's address lookup finds. One draw per visit: every page
 * view of the visit says the same.
 */
import { type AgentProfile, type Place, PLACES, USER_AGENTS } from "./catalog.ts";
import { type Lookup, lookupPicker } from "./geo.ts";
import { type Rng, weightedPicker } from "./rng.ts";
import { screenWidthPicker } from "./screens.ts";

export interface Visitor {
  readonly agent: AgentProfile;
  readonly place: Place;
  readonly utcOffsetHours: number;
  readonly locale: string;
  /** Absent when the agent runs no script, or an old tracker sent none. */
  readonly screenWidth?: number;
  readonly lookup?: Lookup;
}

/** Share of browsers elsewhere set to en-US (people who read the web in English). */
const ENGLISH_ELSEWHERE = 0.08;
/** Share of page views from trackers too old to send the viewport width. */
const NO_WIDTH_SHARE = 0.03;

const MINUTE = 60_000;

/** The zone's offset from UTC in hours at `at`. */
function offsetHours(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric" }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const local = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"));
  return (local - Math.floor(at / MINUTE) * MINUTE) / 3_600_000;
}

function localeOf(rng: Rng, place: Place): string {
  let r = rng.float();
  for (const [locale, share] of place.otherLocales ?? []) {
    if (r < share) return locale;
    r -= share;
  }
  return !place.locale.startsWith("en-") && rng.chance(ENGLISH_ELSEWHERE) ? "en-US" : place.locale;
}

/** Visitors drawn by the catalogue's weights; offsets taken once, at `end`. */
export function visitorPicker(end: number): (rng: Rng) => Visitor {
  const pickAgent = weightedPicker(USER_AGENTS, USER_AGENTS.map((a) => a.weight));
  const pickPlace = weightedPicker(PLACES, PLACES.map((p) => p.weight));
  const offsets = new Map(PLACES.map((p) => [p.timeZone, offsetHours(p.timeZone, end)]));
  const width = screenWidthPicker();
  const lookup = lookupPicker(PLACES);
  return (rng) => {
    const agent = pickAgent(rng);
    const place = pickPlace(rng);
    const screenWidth = agent.form && !rng.chance(NO_WIDTH_SHARE) ? width(rng, agent.form) : undefined;
    const found = lookup(rng, place);
    return {
      agent,
      place,
      utcOffsetHours: offsets.get(place.timeZone) ?? 0,
      locale: localeOf(rng, place),
      ...(screenWidth !== undefined && { screenWidth }),
      ...(found && { lookup: found }),
    };
  };
}

