/** Rows of the kit's endpoints as the dashboard reads them (see kit/endpoints/*). */

export interface KpiRow {
  date: string;
  visits: number;
  pageviews: number;
  bounce_rate: number;
  avg_session_sec: number;
  previous_visits?: number;
  previous_pageviews?: number;
  previous_bounce_rate?: number;
  previous_avg_session_sec?: number;
}

/** top_pages, top_sources, … : the dimension column is named per endpoint. */
export interface TopRow {
  [dimension: string]: string | number | undefined;
  visits: number;
  hits: number;
  previous_visits?: number;
  previous_hits?: number;
  visits_growth_percentage?: number;
  hits_growth_percentage?: number;
}

export interface CurrentVisitorsRow {
  visits: number;
}

export interface TrendRow {
  t: string;
  visits: number;
}

export interface DomainRow {
  domain: string;
  first_seen: string;
  last_seen: string;
  total_hits: number;
}

export interface ActionRow {
  domain: string;
  action: string;
  last_payload: string;
  last_seen: string;
  total_occurrences: number;
}

export interface TrafficByHourRow {
  hour: number;
  visits: number;
  pageviews: number;
}

export interface WebVitalCurrentRow {
  metric: string;
  avg: number;
  p75: number;
  p90: number;
  p95: number;
  p99: number;
  measurements: number;
  score: number;
  status: string;
}

export interface WebVitalDistributionRow {
  metric: string;
  category: string;
  count: number;
  share: number;
}

export interface WebVitalSeriesRow {
  t: string;
  metric: string;
  measurements: number;
  p75: number;
  p90: number;
  p95: number;
  p99: number;
}

export interface WebVitalRouteRow {
  route: string;
  measurements: number;
  lcp_score: number | null;
  fcp_score: number | null;
  ttfb_score: number | null;
  inp_score: number | null;
  cls_score: number | null;
  overall_score: number;
}
