/** The query benchmark's check that an endpoint and its raw equivalent report the same numbers. */
import { AGREEING_COLUMNS } from "./_query-raw.ts";
import { VISIT_AGREEING_COLUMNS } from "./_query-raw-visits.ts";

type Row = Record<string, unknown>;

const AGREEING = { ...AGREEING_COLUMNS, ...VISIT_AGREEING_COLUMNS };
const COUNTS = new Set(["visits", "hits", "pageviews"]);

/**
 * Whether the endpoint and its raw equivalent report the same numbers (rows with visits,
 * compared columns only); else, per count, the share counted under another row.
 */
export function agree(name: string, view: Row[], raw: Row[]): string {
  const columns = AGREEING[name] ?? [];
  const labels = columns.filter((c) => !COUNTS.has(c));
  const byLabel = (rows: Row[]) => new Map(rows.filter((r) => Number(r.visits) > 0).map((r) => [labels.map((c) => String(r[c])).join("\u0000"), r]));
  const [v, r] = [byLabel(view), byLabel(raw)];
  const same = v.size === r.size && [...r].every(([k, row]) => columns.every((c) => String(v.get(k)?.[c]) === String(row[c])));
  if (same) return "same";
  const keys = [...new Set([...v.keys(), ...r.keys()])];
  const share = (column: string) => {
    const total = [...r.values()].reduce((a, row) => a + Number(row[column] ?? 0), 0);
    const off = keys.reduce((a, k) => a + Math.abs(Number(v.get(k)?.[column] ?? 0) - Number(r.get(k)?.[column] ?? 0)), 0);
    return `${((100 * off) / Math.max(1, total)).toFixed(3)}%`;
  };
  return `DIFFER ${columns.filter((c) => COUNTS.has(c)).map((c) => `${c} ${share(c)}`).join(" ")}`;
}
