/**
 * `day_diff` and `date_diff_in_{days,hours,minutes,seconds}`: parse two dates with a
 * Python strptime format and return the absolute whole difference. Dates are naive, so
 * they are read as UTC. `utc_today()` is Aviary's addition: upstream templates cannot
 * see the date, so a bound such as "no later than next year" could only be written into
 * the template, where it goes stale while the server runs.
 */
import { type Bound, native, str } from "./args.ts";
import { errors } from "./errors.ts";
import { plain } from "./operators.ts";
import type { RenderState } from "./render-state.ts";
import { type Callable, type Value, pyStr, truthy } from "./values.ts";

/** The strptime directives templates use; each captures 1–N digits like Python does. */
const DIRECTIVES: Readonly<Record<string, string>> = {
  Y: "(?<Y>\\d{4})",
  m: "(?<m>\\d{1,2})",
  d: "(?<d>\\d{1,2})",
  H: "(?<H>\\d{1,2})",
  M: "(?<M>\\d{1,2})",
  S: "(?<S>\\d{1,2})",
  f: "(?<f>\\d{1,6})",
  "%": "%",
};

function formatRegex(format: string): RegExp {
  let re = "";
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch !== "%") {
      re += ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      continue;
    }
    const directive = DIRECTIVES[format[++i] ?? ""];
    if (!directive) throw errors.value(`unsupported date format directive '%${format[i] ?? ""}' in '${format}'`);
    re += directive;
  }
  return new RegExp(`^${re}$`);
}

/** Milliseconds since the epoch for `value` in `format`, or undefined if it does not match. */
export function strptime(value: string, format: string): number | undefined {
  const g = formatRegex(format).exec(value)?.groups;
  if (!g) return undefined;
  const n = (k: string, dflt: number) => (g[k] === undefined ? dflt : Number(g[k]));
  const [Y, m, d, H, M, S] = [n("Y", 1900), n("m", 1), n("d", 1), n("H", 0), n("M", 0), n("S", 0)];
  const ms = g.f === undefined ? 0 : Number(g.f.padEnd(6, "0")) / 1000;
  const t = Date.UTC(Y, m - 1, d, H, M, S, ms);
  const back = new Date(t);
  // Reject impossible dates (2024-02-30) instead of letting Date roll them over.
  if (back.getUTCFullYear() !== Y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d || H > 23 || M > 59 || S > 61) return undefined;
  return t;
}

const UNITS = { days: 86_400_000, hours: 3_600_000, minutes: 60_000, seconds: 1000 } as const;
const DEFAULT_FORMATS = { days: "%Y-%m-%d", hours: "%Y-%m-%d %H:%M:%S", minutes: "%Y-%m-%d %H:%M:%S", seconds: "%Y-%m-%d %H:%M:%S" };
const PARAMS = ["d0", "d1", "date_format?", "default?", "backup_date_format?", "none_if_error?"];

function diff(unit: keyof typeof UNITS, fn: string, a: Bound): Value {
  // An unsent variable is None here; an unsent typed parameter already raised "Required parameter".
  if (a.d0 === null || a.d1 === null) return a.default ?? null;
  const format = a.date_format === undefined ? DEFAULT_FORMATS[unit] : str(fn, a.date_format, "date_format");
  const backup = a.backup_date_format === undefined || a.backup_date_format === null ? undefined : str(fn, a.backup_date_format, "backup_date_format");
  const parse = (v: Value) => {
    const s = pyStr(plain(v));
    const t = strptime(s, format) ?? (backup === undefined ? undefined : strptime(s, backup));
    if (t === undefined && !(a.none_if_error !== undefined && truthy(a.none_if_error))) {
      throw errors.value(`${fn}: time data '${s}' does not match format '${format}'`);
    }
    return t;
  };
  const t0 = parse(a.d0!);
  const t1 = parse(a.d1!);
  if (t0 === undefined || t1 === undefined) return null;
  return BigInt(Math.floor(Math.abs(t1 - t0) / UNITS[unit]));
}

export function dateHelpers(): Callable[] {
  const units = Object.keys(UNITS) as (keyof typeof UNITS)[];
  return [
    ...units.map((unit) => native(`date_diff_in_${unit}`, PARAMS, (a) => diff(unit, `date_diff_in_${unit}`, a))),
    native("day_diff", ["d0", "d1", "default?"], (a) => diff("days", "day_diff", { ...a, backup_date_format: "%Y-%m-%d %H:%M:%S" })),
    // Today in UTC, `'2026-12-06'`: a string, so it compares with Date() values and slices like one.
    native<RenderState>("utc_today", [], (_a, _site, state) => state.now.toISOString().slice(0, 10)),
  ];
}
