/**
 * The KPI cards' totals, from the `kpis` buckets: visits and page views are summed;
 * bounce rate and visit duration are per-visit averages, so they are weighted by each
 * bucket's visits (a quiet night must not weigh as much as a busy afternoon). Like the
 * kit's own daily buckets, a visit that spans two buckets counts in both.
 */
import type { KpiRow } from "../api/pipe-rows.ts";
import { growthPercentage } from "./growth.ts";

export interface KpiTotals {
  readonly visits: number;
  readonly pageviews: number;
  readonly bounce_rate: number;
  readonly avg_session_sec: number;
}

export interface KpiSummary {
  readonly current: KpiTotals;
  readonly previous: KpiTotals;
  readonly growth: KpiTotals;
}

function totals(rows: readonly KpiRow[], pick: (row: KpiRow) => KpiTotals): KpiTotals {
  let visits = 0;
  let pageviews = 0;
  let bounced = 0;
  let seconds = 0;
  for (const row of rows) {
    const r = pick(row);
    visits += r.visits;
    pageviews += r.pageviews;
    bounced += r.bounce_rate * r.visits;
    seconds += r.avg_session_sec * r.visits;
  }
  return { visits, pageviews, bounce_rate: visits ? bounced / visits : 0, avg_session_sec: visits ? seconds / visits : 0 };
}

export function summarizeKpis(rows: readonly KpiRow[]): KpiSummary {
  const current = totals(rows, (r) => r);
  const previous = totals(rows, (r) => ({
    visits: r.previous_visits ?? 0,
    pageviews: r.previous_pageviews ?? 0,
    bounce_rate: r.previous_bounce_rate ?? 0,
    avg_session_sec: r.previous_avg_session_sec ?? 0,
  }));
  return {
    current,
    previous,
    growth: {
      visits: growthPercentage(current.visits, previous.visits),
      pageviews: growthPercentage(current.pageviews, previous.pageviews),
      bounce_rate: growthPercentage(current.bounce_rate, previous.bounce_rate),
      avg_session_sec: growthPercentage(current.avg_session_sec, previous.avg_session_sec),
    },
  };
}
