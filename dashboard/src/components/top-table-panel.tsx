/**
 * One breakdown panel of the overview: tabs in its head (Sources | Channels | Campaigns…),
 * the top rows of the chosen table's `top_*` endpoint, "view all", CSV. The choice is
 * remembered per panel (state/panel-choice.ts); only the shown table is fetched.
 */
import type { TopRow } from "../api/pipe-rows.ts";
import type { TopTable } from "../lib/top-tables.ts";
import { shownTable, tabOf, type TopPanel } from "../lib/top-panels.ts";
import { topTable } from "../lib/top-tables.ts";
import { usePanelChoice } from "../state/panel-choice.ts";
import { canFilter, ignoredFilters, pipeParams, useReport } from "../state/report-context.ts";
import { usePipe } from "../state/use-load.ts";
import { CsvButton } from "./csv-button.tsx";
import { IgnoredFiltersNote } from "./ignored-filters-note.tsx";
import { Panel } from "./panel.tsx";
import { TabList } from "./tabs.tsx";
import { TopTableRows } from "./top-table-rows.tsx";

export const PANEL_ROWS = 10;
/** What "CSV" exports: the whole breakdown, not only the rows on screen. */
export const EXPORT_LIMIT = 100_000;

export function useFilterBy(table: TopTable): ((value: string) => void) | undefined {
  const report = useReport();
  if (!canFilter(report, table.filter)) return undefined;
  return (value) => report.setView({ filters: { ...report.view.filters, [table.filter]: value }, all: undefined, page: 0 });
}

export function TopTablePanel({ panel }: { panel: TopPanel }) {
  const report = useReport();
  const { choice, choose, chooseTab } = usePanelChoice(panel);
  const table = shownTable(choice, report.view.filters);
  const tab = tabOf(panel, choice);
  const tabIndex = panel.tabs.indexOf(tab);
  // One row more than shown tells whether "view all" has anything to add.
  const top = usePipe<TopRow>(table.pipe, pipeParams(report, table.pipe, { include_previous_period: true, skip: 0, limit: PANEL_ROWS + 1 }));
  const rows = top.data?.data ?? [];
  const onFilter = useFilterBy(table);
  const tabIds = panel.tabs.map((t, i) => ({ id: `${panel.id}-${i}`, label: t.label }));
  return (
    <Panel
      title={table.title}
      id={`table-${table.id}`}
      className="top-panel"
      tabs={panel.tabs.length > 1 && <TabList className="tabs panel-tabs" label={panel.label} tabs={tabIds} selected={tabIds[tabIndex]!.id} onSelect={(id) => chooseTab(tabIds.findIndex((t) => t.id === id))} />}
      selectedTab={panel.tabs.length > 1 ? tabIds[tabIndex]!.id : undefined}
      toolbar={
        tab.tables.length > 1 && (
          <div className="segmented choices" role="group" aria-label={`${tab.label} by`}>
            {tab.tables.map((id) => (
              <button key={id} type="button" aria-pressed={id === choice} onClick={() => choose(id)}>
                {topTable(id).choice}
              </button>
            ))}
          </div>
        )
      }
      note={<IgnoredFiltersNote filters={ignoredFilters(report, table.pipe)} />}
      actions={<CsvButton pipe={table.pipe} params={pipeParams(report, table.pipe, { include_previous_period: true, skip: 0, limit: EXPORT_LIMIT })} filename={`${table.pipe}-${report.range.date_from}-${report.range.date_to}`} />}
      loading={top.loading}
      error={top.error}
      pipe={table.pipe}
      onRetry={top.reload}
      hasData={top.data !== undefined}
      empty={rows.length === 0 ? (table.empty ?? "No visits in this period.") : undefined}
      skeletonHeight={340}
    >
      <TopTableRows table={table} rows={rows.slice(0, PANEL_ROWS)} onFilter={onFilter} />
      {(rows.length > PANEL_ROWS || panel.credit) && (
        <div className="panel-foot">
          {panel.credit ? (
            <a className="credit" href={panel.credit.href} target="_blank" rel="noopener noreferrer">
              {panel.credit.text}
            </a>
          ) : (
            <span />
          )}
          {rows.length > PANEL_ROWS && (
            <button type="button" className="button" onClick={() => report.setView({ all: table.id, page: 0 })}>
              View all
            </button>
          )}
        </div>
      )}
    </Panel>
  );
}
