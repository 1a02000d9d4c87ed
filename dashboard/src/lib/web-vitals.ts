/**
 * Web vitals as the kit rates them (spec: "Web vitals"; kit/sql/web-vitals.ts): a value
 * up to the first threshold is excellent, up to the second good, else poor. These are
 * Google's good / needs-improvement / poor bands under the kit's names.
 */
import type { VitalMetric } from "../state/view-state.ts";

export type VitalCategory = "excellent" | "good" | "poor";

export interface VitalDefinition {
  readonly name: string;
  readonly unit: "ms" | "";
  /** [excellent up to, good up to]. */
  readonly thresholds: readonly [number, number];
  readonly what: string;
}

export const VITALS: Readonly<Record<VitalMetric, VitalDefinition>> = {
  LCP: { name: "Largest Contentful Paint", unit: "ms", thresholds: [2500, 4000], what: "when the main content has loaded" },
  INP: { name: "Interaction to Next Paint", unit: "ms", thresholds: [200, 500], what: "how fast the page answers clicks and keys" },
  CLS: { name: "Cumulative Layout Shift", unit: "", thresholds: [0.1, 0.25], what: "how much the layout jumps around" },
  FCP: { name: "First Contentful Paint", unit: "ms", thresholds: [1800, 3000], what: "when the first text or image appears" },
  TTFB: { name: "Time to First Byte", unit: "ms", thresholds: [800, 1800], what: "how fast the server starts answering" },
};

/**
 * The vitals endpoints give a row per domain, as the public kit does; `combined=true`
 * (Aviary's) gives one for everything in scope, e.g. all of a tenant's domains together.
 */
export const COMBINED = { combined: true } as const;

export const CATEGORY_LABELS: Readonly<Record<VitalCategory, string>> = { excellent: "Excellent", good: "Good", poor: "Poor" };

export function vitalCategory(metric: VitalMetric, value: number): VitalCategory {
  const [excellent, good] = VITALS[metric].thresholds;
  return value <= excellent ? "excellent" : value <= good ? "good" : "poor";
}

/** The kit scores a measurement 100 / 75 / 25 by band; a mean score reads as the nearest band. */
export function scoreCategory(score: number): VitalCategory {
  return score >= 87.5 ? "excellent" : score >= 50 ? "good" : "poor";
}

export function formatVital(metric: VitalMetric, value: number): string {
  if (VITALS[metric].unit === "") return value.toFixed(value < 1 ? 3 : 2);
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}
