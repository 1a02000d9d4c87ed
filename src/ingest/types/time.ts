/**
 * Date, Date32, DateTime and DateTime64. Values are written as epoch seconds, which
 * ClickHouse reads the same way whatever the server's timezone and
 * `date_time_input_format`; only a zone-less text for a column with its own timezone
 * is passed as wall-clock text, so ClickHouse reads it in that timezone.
 */
import type { Convert } from "./convert.ts";
import { parseInstant, type Instant } from "./instant.ts";

const DAY = 86_400;
// Ranges ClickHouse can store, in epoch seconds.
const DATETIME_MAX = 4_294_967_295;
const DATETIME64_MIN = -2_208_988_800; // 1900-01-01
const DATETIME64_MAX = 10_413_791_999; // 2299-12-31 23:59:59
const DATE_MAX_DAY = 65_535; // 2149-06-06
const DATE32_MIN_DAY = -25_567;
const DATE32_MAX_DAY = 120_529;

function fractionText(nanos: number, precision: number): string {
  return precision === 0 ? "" : String(nanos).padStart(9, "0").slice(0, precision);
}

export function dateTime(hasTimezone: boolean): Convert {
  return (v) => {
    const t = parseInstant(v, true);
    if (!t || t.seconds < 0 || t.seconds > DATETIME_MAX) return undefined;
    return hasTimezone && t.naive ? `"${t.naive}"` : String(t.seconds);
  };
}

/** Epoch seconds with `precision` fraction digits; a negative instant keeps its sign in front. */
function epochText(t: Instant, precision: number): string {
  const units = Number(fractionText(t.nanos, precision) || 0);
  if (precision === 0) return String(t.seconds);
  if (t.seconds >= 0 || units === 0) return `${t.seconds}.${String(units).padStart(precision, "0")}`;
  return `-${-t.seconds - 1}.${String(10 ** precision - units).padStart(precision, "0")}`;
}

export function dateTime64(precision: number, hasTimezone: boolean): Convert {
  return (v) => {
    const t = parseInstant(v, true);
    if (!t || t.seconds < DATETIME64_MIN || t.seconds > DATETIME64_MAX) return undefined;
    if (hasTimezone && t.naive) {
      const fraction = fractionText(t.nanos, precision);
      return `"${t.naive}${fraction ? `.${fraction}` : ""}"`;
    }
    return `"${epochText(t, precision)}"`;
  };
}

/** Dates of zoned timestamps are taken in UTC; zone-less ones as written. */
export function date(wide: boolean): Convert {
  const [min, max] = wide ? [DATE32_MIN_DAY, DATE32_MAX_DAY] : [0, DATE_MAX_DAY];
  return (v) => {
    const t = parseInstant(v, false);
    if (!t) return undefined;
    const day = Math.floor(t.seconds / DAY);
    if (day < min || day > max) return undefined;
    return `"${new Date(day * DAY * 1000).toISOString().slice(0, 10)}"`;
  };
}
