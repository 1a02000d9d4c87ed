/** Calendar arithmetic in IANA time zones with Intl only, for the reference (no SQL). */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: tz, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    formatters.set(tz, f);
  }
  return f;
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const cache = new Map<string, LocalParts>();

/** Wall-clock parts of an instant (epoch seconds) in `tz`. */
export function localParts(epoch: number, tz: string): LocalParts {
  const key = `${tz}|${epoch}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(epoch * 1000)) if (p.type !== "literal") parts[p.type] = Number(p.value);
  const out = { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
  if (cache.size > 200_000) cache.clear();
  cache.set(key, out);
  return out;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** `YYYY-MM-DD` of an instant in `tz`. */
export function localDate(epoch: number, tz: string): string {
  const p = localParts(epoch, tz);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** `YYYY-MM-DD HH:MM:SS` of an instant in `tz` (how ClickHouse prints a DateTime in that zone). */
export function localDateTime(epoch: number, tz: string): string {
  const p = localParts(epoch, tz);
  return `${localDate(epoch, tz)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

export function localHour(epoch: number, tz: string): number {
  return localParts(epoch, tz).hour;
}

/** The instant the local hour containing `epoch` began. */
export function hourStart(epoch: number, tz: string): number {
  const p = localParts(epoch, tz);
  return epoch - p.minute * 60 - p.second;
}

export function minuteStart(epoch: number): number {
  return epoch - (((epoch % 60) + 60) % 60);
}

/** Offset of `tz` from UTC at an instant, in seconds. */
export function offsetAt(epoch: number, tz: string): number {
  const p = localParts(epoch, tz);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) / 1000 - epoch;
}

/** The instant `date` (YYYY-MM-DD) begins in `tz`. */
export function zonedMidnight(date: string, tz: string): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d) / 1000;
  let t = wall - offsetAt(wall, tz);
  t = wall - offsetAt(t, tz);
  return t;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function dayDiff(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
