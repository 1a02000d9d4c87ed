/** Number, duration and date formatting, in the viewer's locale. */
const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 1 });

export function formatInteger(n: number): string {
  return integer.format(n);
}

/** Short for big numbers (12.3K), exact below ten thousand, where every visitor counts. */
export function formatCount(n: number): string {
  return Math.abs(n) < 10_000 ? integer.format(n) : compact.format(n);
}

/** A 0–1 share as a percentage. */
export function formatShare(share: number): string {
  return percent.format(share);
}

export function formatDuration(seconds: number): string {
  const total = Math.round(seconds);
  if (total < 60) return `${total}s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes}m ${String(total % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m`;
}

/** A growth percentage as the kit computes it (already rounded to two decimals). */
export function formatGrowth(pct: number): string {
  const sign = pct > 0 ? "+" : pct < 0 ? "−" : "";
  const magnitude = Math.abs(pct);
  return `${sign}${magnitude >= 100 ? Math.round(magnitude) : Math.round(magnitude * 10) / 10}%`;
}

// Built once: `toLocaleDateString` with options builds a formatter at every call, and charts call it per tick.
const day = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" });
const dayWithYear = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });

/** `YYYY-MM-DD` as "Mar 3" (or "Mar 3, 2025" when asked), without time-zone shifts. */
export function formatDay(date: string, withYear = false): string {
  return (withYear ? dayWithYear : day).format(new Date(`${date.slice(0, 10)}T00:00:00Z`));
}

/** The wall-clock hour of a `YYYY-MM-DD HH:MM:SS` bucket, as the API printed it in `tz`. */
export function formatHour(dateTime: string): string {
  return dateTime.slice(11, 16);
}

/** A UTC DateTime as the API prints it (`2024-01-31 23:59:59`, no zone) in ISO 8601 (`…T…Z`). */
export function utcIso(text: string): string {
  return `${text.replace(" ", "T")}Z`;
}

/** A UTC DateTime as the API prints it, in the viewer's zone and words: "3 min ago", "Mar 3". */
export function formatRelative(text: string, now = Date.now()): string {
  const at = Date.parse(utcIso(text));
  if (Number.isNaN(at)) return text;
  const seconds = Math.round((now - at) / 1000);
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  if (seconds < 60) return rtf.format(-seconds, "second");
  if (seconds < 3600) return rtf.format(-Math.round(seconds / 60), "minute");
  if (seconds < 86_400) return rtf.format(-Math.round(seconds / 3600), "hour");
  if (seconds < 30 * 86_400) return rtf.format(-Math.round(seconds / 86_400), "day");
  return new Date(at).toLocaleDateString(undefined, { month: "short", day: "numeric", year: "numeric" });
}
