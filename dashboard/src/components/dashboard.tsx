/**
 * The signed-in dashboard: resolves the tenant (an operator picks one; a JWT has its own),
 * the domain list and the period, shares them through ReportContext, and lays out the
 * header, toolbar and tabs. Widgets fetch their own endpoint, so each appears as soon as
 * its answer arrives, and each says so itself when the token may not read it. The domain
 * list only feeds the picker and the empty state: without it the reports still show.
 */
import { useEffect, useMemo } from "preact/compat";
import type { DomainRow } from "../api/pipe-rows.ts";
import { browserTimeZone, dateRange, presetRange, todayIn } from "../state/date-range.ts";
import { endpointParamsFrom } from "../state/endpoint-params.ts";
import { ReportContext, type Report } from "../state/report-context.ts";
import { useSession } from "../state/session-context.ts";
import { useLoad, usePipe } from "../state/use-load.ts";
import { useTenants } from "../state/use-tenants.ts";
import { useViewState } from "../state/use-view-state.ts";
import type { Tab } from "../state/view-state.ts";
import { ComparePicker } from "./compare-picker.tsx";
import { EventsTab } from "./events-tab.tsx";
import { FilterBar } from "./filter-bar.tsx";
import { FunnelsTab } from "./funnels-tab.tsx";
import { Header } from "./header.tsx";
import { NoData } from "./no-data.tsx";
import { OverviewTab } from "./overview-tab.tsx";
import { RangePicker } from "./range-picker.tsx";
import { Tabs, type RenderedTab } from "./tabs.tsx";
import { VitalsTab } from "./vitals-tab.tsx";
import { ErrorNote } from "./error-note.tsx";
import { Skeleton } from "./skeleton.tsx";

/** The report tabs; `compares`: its panels show a comparison, so the comparison picker shows with it. */
const REPORT_TABS: readonly (RenderedTab<Tab> & { readonly compares: boolean })[] = [
  { id: "overview", label: "Overview", render: () => <OverviewTab />, compares: true },
  { id: "vitals", label: "Web vitals", render: () => <VitalsTab />, compares: false },
  { id: "events", label: "Custom events", render: () => <EventsTab />, compares: true },
  { id: "funnels", label: "Funnels", render: () => <FunnelsTab />, compares: false },
];

export function Dashboard() {
  const { info } = useSession();
  const [view, setView] = useViewState();
  const operator = info.kind === "static";
  const tenants = useTenants(operator);
  const openApi = useLoad("openapi", (client) => client.openApi(), { auxiliary: true });

  // An operator without a tenant in the URL gets the busiest one; the URL then says so. A JWT's
  // tenant is fixed by the server, so a `?tenant=` left from an operator's link would only mislead.
  const firstTenant = tenants.data?.[0]?.id;
  useEffect(() => {
    if (operator && !view.tenant && firstTenant) setView({ tenant: firstTenant }, { replace: true });
    if (!operator && view.tenant !== undefined) setView({ tenant: undefined }, { replace: true });
  }, [operator, view.tenant, firstTenant, setView]);

  // A static token that cannot list tenants (not the admin) sees all of its data unscoped.
  const tenantKnown = !operator || view.tenant !== undefined || tenants.error !== undefined || (tenants.data !== undefined && tenants.data.length === 0);
  const tenantId = operator ? view.tenant : info.tenantId;
  const tz = view.tz ?? browserTimeZone();
  const today = todayIn(tz);
  const { from, to } = view.preset ? presetRange(view.preset, today) : { from: view.from!, to: view.to! };

  // One object per period, so views of the same period keep their charts (they rebuild on a new range).
  const range = useMemo(() => dateRange(from, to), [from, to]);
  const report = useMemo<Report>(
    () => ({
      view,
      setView,
      tz,
      today,
      range,
      tenantId,
      operator,
      ready: tenantKnown,
      scope: { tenant_id: operator ? view.tenant : undefined, domain: view.domain, tz },
      endpointParams: openApi.data !== undefined ? endpointParamsFrom(openApi.data) : openApi.error ? new Map() : undefined,
    }),
    [view, setView, tz, today, range, tenantId, operator, tenantKnown, openApi.data, openApi.error],
  );

  const domains = usePipe<DomainRow>("domains", tenantKnown ? { tenant_id: report.scope.tenant_id } : null);
  const noData = domains.data !== undefined && domains.data.rows === 0 && !view.domain;
  // A token without `domains` reads the other reports all the same; other failures stop here with a retry.
  const domainsFailed = domains.error !== undefined && !domains.error.isNoAccess && !domains.data;

  return (
    <ReportContext.Provider value={report}>
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <Header tenants={tenants} domains={domains} />
      <main id="content">
        {!tenantKnown ? (
          <Skeleton height={400} />
        ) : domainsFailed ? (
          <ErrorNote error={domains.error!} pipe="domains" onRetry={domains.reload} />
        ) : noData ? (
          <NoData tenantId={tenantId} />
        ) : (
          <>
            <div className="toolbar">
              <RangePicker />
              {REPORT_TABS.find((t) => t.id === view.tab)?.compares && <ComparePicker />}
            </div>
            <FilterBar />
            <Tabs
              label="Reports"
              selected={view.tab}
              onSelect={(tab) => setView({ tab, all: undefined, page: 0 })}
              tabs={REPORT_TABS}
            />
          </>
        )}
      </main>
    </ReportContext.Provider>
  );
}
