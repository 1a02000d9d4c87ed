/**
 * What the Events API's address lookup writes into a visitor's events: `country`,
 * `region` and `city`, named as the bundled DB-IP database names them ("Ile-de-France",
 * "Bavaria"; Singapore has no region). A few regions and cities per time zone, weighted
 * roughly by population online. Events sent server-side get no lookup, and a VPN or a
 * trip puts some visitors' address in another country than their time zone.
 */
import type { Place } from "./catalog.ts";
import { type Rng, weightedPicker } from "./rng.ts";

export interface Lookup {
  readonly country: string;
  /** Absent when the database names no subdivision. */
  readonly region?: string;
  readonly city: string;
}

/** Share of visitors looked up (the rest: events sent without a browser's address, or lookup off). */
export const LOOKUP_SHARE = 0.8;
/** Share of those whose address is in another country than their time zone says. */
const ELSEWHERE_SHARE = 0.03;

/** `"City:weight, City:weight"` → pairs. City names hold no comma or colon. */
function cities(text: string): [string, number][] {
  return text.split(", ").map((c) => {
    const [name, weight] = c.split(":");
    return [name!, Number(weight)];
  });
}

type RegionRow = readonly [region: string, weight: number, cities: string];

/** Country code, then regions (region '' when the database has none). */
const BY_TIME_ZONE: Readonly<Record<string, readonly [string, readonly RegionRow[]]>> = {
  "America/New_York": ["US", [["New York", 10, "New York:8, Brooklyn:2, Buffalo:1"], ["Florida", 6, "Miami:3, Orlando:2, Tampa:1"], ["Massachusetts", 4, "Boston:4, Cambridge:1"], ["Georgia", 3, "Atlanta:1"], ["Pennsylvania", 3, "Philadelphia:3, Pittsburgh:1"], ["Virginia", 3, "Ashburn:2, Arlington:1"], ["North Carolina", 2, "Charlotte:2, Raleigh:1"], ["New Jersey", 2, "Newark:1, Jersey City:1"]]],
  "America/Chicago": ["US", [["Texas", 6, "Dallas:3, Houston:3, Austin:2, San Antonio:1"], ["Illinois", 4, "Chicago:1"], ["Minnesota", 2, "Minneapolis:1"], ["Missouri", 1, "Kansas City:1, St Louis:1"]]],
  "America/Los_Angeles": ["US", [["California", 10, "Los Angeles:5, San Francisco:4, San Jose:2, San Diego:2, Mountain View:1"], ["Washington", 3, "Seattle:4, Redmond:1"], ["Oregon", 1, "Portland:1"], ["Nevada", 1, "Las Vegas:1"]]],
  "Europe/London": ["GB", [["England", 12, "London:10, Manchester:2, Birmingham:2, Leeds:1, Bristol:1"], ["Scotland", 2, "Edinburgh:1, Glasgow:1"], ["Wales", 1, "Cardiff:1"]]],
  "Europe/Berlin": ["DE", [["Berlin", 4, "Berlin:1"], ["Bavaria", 4, "Munich:3, Nuremberg:1"], ["North Rhine-Westphalia", 4, "Cologne:2, Düsseldorf:1, Dortmund:1"], ["Hesse", 2, "Frankfurt am Main:1"], ["Hamburg", 2, "Hamburg:1"], ["Baden-Württemberg", 2, "Stuttgart:1, Karlsruhe:1"]]],
  "Europe/Madrid": ["ES", [["Madrid", 5, "Madrid:1"], ["Catalonia", 4, "Barcelona:1"], ["Valencia", 1, "Valencia:1"], ["Andalusia", 2, "Seville:1, Malaga:1"]]],
  "Europe/Paris": ["FR", [["Ile-de-France", 6, "Paris:1"], ["Auvergne-Rhone-Alpes", 2, "Lyon:1"], ["Provence-Alpes-Cote d'Azur", 2, "Marseille:1, Nice:1"], ["Occitanie", 1, "Toulouse:1"]]],
  "Asia/Kolkata": ["IN", [["Maharashtra", 5, "Mumbai:4, Pune:2"], ["Karnataka", 4, "Bengaluru:1"], ["Delhi", 3, "New Delhi:1"], ["Tamil Nadu", 2, "Chennai:1"], ["Telangana", 2, "Hyderabad:1"]]],
  "America/Sao_Paulo": ["BR", [["Sao Paulo", 5, "São Paulo:5, Campinas:1"], ["Rio de Janeiro", 3, "Rio de Janeiro:1"], ["Minas Gerais", 1, "Belo Horizonte:1"]]],
  "Asia/Tokyo": ["JP", [["Tokyo", 5, "Tokyo:5, Shibuya:1"], ["Osaka", 2, "Osaka:1"], ["Kanagawa", 1, "Yokohama:1"]]],
  "Australia/Sydney": ["AU", [["New South Wales", 5, "Sydney:1"], ["Victoria", 4, "Melbourne:1"], ["Queensland", 2, "Brisbane:1"]]],
  // London, Ontario: one city name in two countries.
  "America/Toronto": ["CA", [["Ontario", 5, "Toronto:8, Ottawa:2, London:1"], ["Quebec", 2, "Montreal:1"]]],
  "America/Mexico_City": ["MX", [["Mexico City", 4, "Mexico City:1"], ["Jalisco", 1, "Guadalajara:1"], ["Nuevo Leon", 1, "Monterrey:1"]]],
  "Asia/Kathmandu": ["NP", [["Bagmati Province", 1, "Kathmandu:3, Lalitpur:1"]]],
  "Africa/Lagos": ["NG", [["Lagos", 3, "Lagos:1"], ["Federal Capital Territory", 1, "Abuja:1"]]],
  "Asia/Singapore": ["SG", [["", 1, "Singapore:1"]]],
  "Europe/Amsterdam": ["NL", [["North Holland", 3, "Amsterdam:1"], ["South Holland", 2, "Rotterdam:1, The Hague:1"], ["Utrecht", 1, "Utrecht:1"]]],
  "Pacific/Auckland": ["NZ", [["Auckland", 2, "Auckland:1"], ["Wellington Region", 1, "Wellington:1"]]],
};

/** A draw of one address's lookup in a time zone. */
type Draw = (rng: Rng) => Lookup;

function drawFor(timeZone: string): Draw {
  const entry = BY_TIME_ZONE[timeZone];
  if (!entry) throw new Error(`geo: no regions for time zone ${timeZone}`);
  const [country, rows] = entry;
  const regions = rows.map(([region, , list]) => {
    const pairs = cities(list);
    return { region, city: weightedPicker(pairs.map(([c]) => c), pairs.map(([, w]) => w)) };
  });
  const pickRegion = weightedPicker(regions, rows.map(([, weight]) => weight));
  return (rng) => {
    const { region, city } = pickRegion(rng);
    return { country, ...(region !== "" && { region }), city: city(rng) };
  };
}

/** Lookups for visitors of `places`: undefined (no lookup), mostly their own time zone's, sometimes another's. */
export function lookupPicker(places: readonly Place[]): (rng: Rng, place: Place) => Lookup | undefined {
  const draws = new Map(places.map((p) => [p.timeZone, drawFor(p.timeZone)]));
  const elsewhere = weightedPicker(places, places.map((p) => p.weight));
  return (rng, place) => {
    if (!rng.chance(LOOKUP_SHARE)) return undefined;
    const at = rng.chance(ELSEWHERE_SHARE) ? elsewhere(rng) : place;
    return draws.get(at.timeZone)!(rng);
  };
}
