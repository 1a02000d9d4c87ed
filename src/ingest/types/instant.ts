/**
 * Reads a point in time from an event: ISO 8601 (`2025-10-22T09:40:59.123Z`, with an
 * offset, or none), `YYYY-MM-DD HH:MM:SS`, `YYYY-MM-DD`, or epoch seconds (a number or
 * a numeric string, with a fraction). Fractions keep up to nanoseconds.
 */
export interface Instant {
  /** Whole seconds since 1970-01-01 UTC, rounded down. */
  readonly seconds: number;
  /** Nanoseconds after `seconds`, 0 to 999,999,999. */
  readonly nanos: number;
  /** Set when the text had no zone: its wall-clock reading, for columns with their own timezone. */
  readonly naive?: string;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9})\d*)?)?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const EPOCH = /^(-?)(\d{1,12})(?:\.(\d{1,9})\d*)?$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function nanosOf(digits: string | undefined): number {
  return digits ? Number(digits.padEnd(9, "0")) : 0;
}

function fromEpoch(negative: boolean, whole: string, fraction: string | undefined): Instant {
  const seconds = Number(whole);
  const nanos = nanosOf(fraction);
  if (!negative) return { seconds, nanos };
  // −100.25 s is 101 s before the epoch plus 0.75 s.
  return nanos === 0 ? { seconds: -seconds, nanos: 0 } : { seconds: -seconds - 1, nanos: 1_000_000_000 - nanos };
}

function fromIso(m: RegExpExecArray): Instant | undefined {
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone && zone !== "Z" && zone !== "z") {
    const hh = Number(zone.slice(1, 3));
    const mm = zone.length > 3 ? Number(zone.slice(-2)) : 0;
    if (hh > 14 || mm > 59) return undefined;
    offsetMinutes = (zone[0] === "-" ? -1 : 1) * (hh * 60 + mm);
  }
  const seconds = Date.UTC(year, month - 1, day, hour, minute, second) / 1000 - offsetMinutes * 60;
  const nanos = nanosOf(m[7]);
  if (zone) return { seconds, nanos };
  const naive = `${m[1]}-${m[2]}-${m[3]} ${m[4] ?? "00"}:${m[5] ?? "00"}:${m[6] ?? "00"}`;
  return { seconds, nanos, naive };
}

/** `epoch`: whether numbers and numeric strings count as epoch seconds (not for Date columns). */
export function parseInstant(value: unknown, epoch: boolean): Instant | undefined {
  if (typeof value === "string") {
    const iso = ISO.exec(value);
    if (iso) return fromIso(iso);
    const e = epoch ? EPOCH.exec(value) : null;
    return e ? fromEpoch(e[1] === "-", e[2]!, e[3]) : undefined;
  }
  if (typeof value === "number" && epoch && Number.isFinite(value)) {
    // The shortest decimal text of the number keeps the fraction the sender wrote.
    const e = EPOCH.exec(String(value));
    return e ? fromEpoch(e[1] === "-", e[2]!, e[3]) : undefined;
  }
  return undefined;
}
