/**
 * What every widget of the signed-in dashboard shares: the view (from the URL), the
 * period in the report's time zone, the tenant and domain in scope, and how to build an
 * endpoint's parameters from them.
 */
import { createContext, useContext } from "preact/compat";
import type { Params } from "../api/api-client.ts";
import { comparisonParams } from "../lib/comparison.ts";
import type { DateRange } from "./date-range.ts";
import type { EndpointParams } from "./endpoint-params.ts";
import type { SetView } from "./use-view-state.ts";
import { FILTER_KEYS, type FilterKey, type ViewState } from "./view-state.ts";

export interface Report {
  readonly view: ViewState;
  readonly setView: SetView;
  readonly tz: string;
  readonly today: string;
  readonly range: DateRange;
  /** The tenant on screen: the operator's choice, or the one a JWT is fixed to. */
  readonly tenantId?: string;
  /** A static token, which chooses its tenant (a JWT's is fixed by the server). */
  readonly operator: boolean;
  /** tenant_id (operators only), domain and tz. */
  readonly scope: Params;
  /** False while an operator's tenant is still being chosen: widgets wait. */
  readonly ready: boolean;
  /** Parameters the endpoints accept, once known. */
  readonly endpointParams?: EndpointParams;
}

export const ReportContext = createContext<Report | null>(null);

export function useReport(): Report {
  const report = useContext(ReportContext);
  if (!report) throw new Error("useReport outside the dashboard");
  return report;
}

export function activeFilters(view: ViewState): FilterKey[] {
  return FILTER_KEYS.filter((key) => view.filters[key] !== undefined);
}

/** The active filters `pipe` does not accept (their values would be ignored). */
export function ignoredFilters(report: Report, pipe: string): FilterKey[] {
  const accepted = report.endpointParams?.get(pipe);
  return activeFilters(report.view).filter((key) => !accepted?.has(key));
}

/** Click-to-filter is offered for a dimension only when the main KPI endpoint takes it. */
export function canFilter(report: Report, key: FilterKey): boolean {
  return report.endpointParams?.get("kpis")?.has(key) ?? false;
}

/**
 * Parameters for `pipe`: scope, the period unless `range: false`, the filters it accepts,
 * then `extra`. `include_previous_period: true` in `extra` asks for the view's comparison
 * (lib/comparison.ts): the year-earlier days, or none when comparisons are off. Null (wait)
 * while filters are set but the endpoints' parameters are not yet known.
 */
export function pipeParams(report: Report, pipe: string, extra: Params = {}, options: { range?: boolean } = {}): Params | null {
  if (!report.ready) return null;
  const filters = activeFilters(report.view);
  if (filters.length > 0 && !report.endpointParams) return null;
  const accepted = report.endpointParams?.get(pipe);
  const params: Record<string, string | number | boolean | undefined> = { ...report.scope };
  if (options.range !== false) {
    params.date_from = report.range.date_from;
    params.date_to = report.range.date_to;
  }
  for (const key of filters) if (accepted?.has(key)) params[key] = report.view.filters[key];
  const { include_previous_period: compared, ...rest } = extra;
  return { ...params, ...rest, ...(compared ? comparisonParams(report.view.compare) : {}) };
}
