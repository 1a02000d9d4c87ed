/**
 * The five web vitals: web.dev's thresholds, units, a description and the bands'
 * names and scores, as the public kit's contract names them (`performance_category`
 * excellent / good / poor = web.dev's good / needs improvement / poor; `status` the same
 * capitalised; score 100 / 75 / 25). Each fact is written once here and turned into SQL
 * lookups keyed by the metric name.
 */
import { sqlString } from "./literal.ts";

interface MetricFacts {
  /** [excellent up to, good up to], inclusive; web.dev's "good" and "needs improvement" limits. */
  readonly thresholds: readonly [number, number];
  readonly units: "ms" | "score";
  readonly description: string;
}

export const METRIC_FACTS: Readonly<Record<string, MetricFacts>> = {
  LCP: { thresholds: [2500, 4000], units: "ms", description: "Largest Contentful Paint: how long until the largest text block or image in view has rendered (loading)" },
  TTFB: { thresholds: [800, 1800], units: "ms", description: "Time to First Byte: how long until the first byte of the page arrives (server and network)" },
  FCP: { thresholds: [1800, 3000], units: "ms", description: "First Contentful Paint: how long until the first text or image is drawn (rendering)" },
  INP: { thresholds: [200, 500], units: "ms", description: "Interaction to Next Paint: how long the page takes to respond to clicks, taps and keys (interactivity)" },
  CLS: { thresholds: [0.1, 0.25], units: "score", description: "Cumulative Layout Shift: how much visible content moves unexpectedly (visual stability)" },
};

export const METRICS = Object.keys(METRIC_FACTS);

export const CATEGORIES = ["excellent", "good", "poor"] as const;
export type Category = (typeof CATEGORIES)[number];
export const CATEGORY_SCORE: Readonly<Record<Category, number>> = { excellent: 100, good: 75, poor: 25 };
export const CATEGORY_STATUS: Readonly<Record<Category, string>> = { excellent: "Excellent", good: "Good", poor: "Poor" };

/**
 * The largest value a browser can plausibly report: anything above (and anything
 * negative or not finite) is a broken or forged measurement, dropped before any average.
 * An hour for the timings; CLS is unbounded in theory but above 10 the page was unusable.
 */
export const PLAUSIBLE_MAX: Readonly<Record<string, number>> = { LCP: 3_600_000, TTFB: 3_600_000, FCP: 3_600_000, INP: 3_600_000, CLS: 10 };

/** `Excellent: ≤2500ms, Good: ≤4000ms, Poor: >4000ms` (no unit for CLS). */
export function thresholdsText(metric: string): string {
  const { thresholds, units } = METRIC_FACTS[metric]!;
  const unit = units === "ms" ? "ms" : "";
  const [excellent, good] = thresholds;
  return `Excellent: ≤${excellent}${unit}, Good: ≤${good}${unit}, Poor: >${good}${unit}`;
}

/** The units of every metric, one text: `LCP=ms, TTFB=ms, FCP=ms, INP=ms, CLS=score`. */
export const METRIC_UNITS = METRICS.map((m) => `${m}=${METRIC_FACTS[m]!.units}`).join(", ");

const list = (values: readonly (string | number)[]) => `[${values.map((v) => (typeof v === "number" ? `${v}` : sqlString(v))).join(", ")}]`;

/** SQL: `pick(metric)` looked up for the value of the `metric` expression. */
function lookup(metric: string, pick: (m: string) => string | number, fallback: string): string {
  return `transform(${metric}, ${list(METRICS)}, ${list(METRICS.map(pick))}, ${fallback})`;
}

/** The metric names as an SQL tuple, for `IN`. */
export const METRIC_TUPLE = `(${METRICS.map(sqlString).join(", ")})`;

export function categorySql(metric: string, value: string): string {
  const limit = (i: 0 | 1) => lookup(metric, (m) => METRIC_FACTS[m]!.thresholds[i], "0.");
  return `multiIf(${value} <= ${limit(0)}, 'excellent', ${value} <= ${limit(1)}, 'good', 'poor')`;
}

export function scoreSql(category: string): string {
  return `transform(${category}, ${list(CATEGORIES)}, ${list(CATEGORIES.map((c) => CATEGORY_SCORE[c]))}, 0)`;
}

export function statusSql(category: string): string {
  return `transform(${category}, ${list(CATEGORIES)}, ${list(CATEGORIES.map((c) => CATEGORY_STATUS[c]))}, '')`;
}

export function plausibleSql(metric: string, value: string): string {
  return `isFinite(${value}) AND ${value} >= 0 AND ${value} <= ${lookup(metric, (m) => PLAUSIBLE_MAX[m]!, "0.")}`;
}

export const unitsSql = (metric: string) => lookup(metric, (m) => METRIC_FACTS[m]!.units, "''");
export const descriptionSql = (metric: string) => lookup(metric, (m) => METRIC_FACTS[m]!.description, "''");
export const thresholdsSql = (metric: string) => lookup(metric, thresholdsText, "''");
