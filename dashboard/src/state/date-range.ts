/**
 * Reporting periods. Days are calendar days in the report's time zone (the kit counts
 * `date_from`/`date_to` in `tz`), so "today" is today where the viewer is, not in UTC.
 * Dates are `YYYY-MM-DD` strings throughout; arithmetic goes through UTC midnight so a
 * daylight-saving change never skips or repeats a day.
 */
export const PRESETS = ["today", "yesterday", "7d", "30d", "12m"] as const;
export type Preset = (typeof PRESETS)[number];

export const PRESET_LABELS: Readonly<Record<Preset, string>> = {
  today: "Today",
  yesterday: "Yesterday",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  "12m": "Last 12 months",
};

export interface DateRange {
  readonly date_from: string;
  readonly date_to: string;
  /** One day is reported by hour (the kit's rule: date_from == date_to). */
  readonly hourly: boolean;
  readonly days: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isDate(value: string | null | undefined): value is string {
  return typeof value === "string" && DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

// One formatter per zone: building one costs far more than formatting, and each render asks.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

export function todayIn(timeZone: string, now = new Date()): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    // en-CA formats as YYYY-MM-DD.
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayFormats.set(timeZone, format);
  }
  return format.format(now);
}

export function addDays(date: string, days: number): string {
  const ms = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

export function presetRange(preset: Preset, today: string): { from: string; to: string } {
  switch (preset) {
    case "today":
      return { from: today, to: today };
    case "yesterday":
      return { from: addDays(today, -1), to: addDays(today, -1) };
    case "7d":
      return { from: addDays(today, -6), to: today };
    case "30d":
      return { from: addDays(today, -29), to: today };
    case "12m":
      return { from: addDays(today, -364), to: today };
  }
}

export function dateRange(from: string, to: string): DateRange {
  return { date_from: from, date_to: to, hourly: from === to, days: daysBetween(from, to) };
}

/** The browser's own zone: what "today" means to the person looking. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
