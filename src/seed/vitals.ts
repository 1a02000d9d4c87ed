/**
 * Web vitals as the web-vitals library reports them: load metrics shortly after the page
 * view, CLS and INP when the page is left. CLS is often exactly 0 and INP sometimes is:
 * zero is a real, good measurement that reports must keep.
 */
import type { Rng } from "./rng.ts";

const RATING: Record<string, readonly [number, number]> = {
  LCP: [2500, 4000],
  FCP: [1800, 3000],
  TTFB: [800, 1800],
  INP: [200, 500],
  CLS: [0.1, 0.25],
};

function rating(name: string, value: number): string {
  const [good, poor] = RATING[name] ?? [0, 0];
  return value <= good ? "good" : value <= poor ? "needs-improvement" : "poor";
}

export interface VitalSample {
  /** Milliseconds after the page view. */
  readonly after: number;
  readonly payload: Record<string, unknown>;
}

export function vitalsFor(rng: Rng, stay: number): VitalSample[] {
  const sample = (name: string, value: number, after: number): VitalSample => ({
    after,
    payload: { name, value, delta: value, rating: rating(name, value), id: `v4-${rng.int(1e12, 9e12)}-${rng.int(1e12, 9e12)}`, navigationType: rng.chance(0.9) ? "navigate" : "reload" },
  });
  const ms = (median: number, sigma: number) => Math.round(rng.logNormal(median, sigma) * 10) / 10;
  const out = [sample("TTFB", ms(450, 0.7), 400), sample("FCP", ms(1200, 0.5), 1300)];
  if (rng.chance(0.9)) out.push(sample("LCP", ms(1900, 0.6), 2500));
  const leave = Math.max(3000, stay - 500);
  out.push(sample("CLS", rng.chance(0.45) ? 0 : Math.round(rng.logNormal(0.05, 1.1) * 10000) / 10000, leave));
  if (rng.chance(0.7)) out.push(sample("INP", rng.chance(0.08) ? 0 : Math.round(rng.logNormal(110, 0.8) / 8) * 8, leave));
  return out;
}
