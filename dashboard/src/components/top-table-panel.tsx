/** One breakdown on the overview: the top rows of a `top_*` endpoint, "view all", CSV. */
import type { TopRow } from "../api/pipe-rows.ts";
import type { TopTable } from "../lib/top-tables.ts";
import { canFilter, ignoredFilters, pipeParams, useReport } from "../state/report-context.ts";
import { usePipe } from "../state/use-load.ts";
import { CsvButton } from "./csv-button.tsx";
import { IgnoredFiltersNote } from "./ignored-filters-note.tsx";
import { Panel } from "./panel.tsx";
import { TopTableRows } from "./top-table-rows.tsx";

export const PANEL_ROWS = 10;
/** What "CSV" exports: the whole breakdown, not only the rows on screen. */
export const EXPORT_LIMIT = 100_000;

export function useFilterBy(table: TopTable): ((value: string) => void) | undefined {
  const report = useReport();
  if (!canFilter(report, table.filter)) return undefined;
  return (value) => report.setView({ filters: { ...report.view.filters, [table.filter]: value }, all: undefined, page: 0 });
}

export function TopTablePanel({ table }: { table: TopTable }) {
  const report = useReport();
  // One row more than shown tells whether "view all" has anything to add.
  const top = usePipe<TopRow>(table.pipe, pipeParams(report, table.pipe, { include_previous_period: true, skip: 0, limit: PANEL_ROWS + 1 }));
  const rows = top.data?.data ?? [];
  const onFilter = useFilterBy(table);
  return (
    <Panel
      title={table.title}
      id={`table-${table.id}`}
      note={<IgnoredFiltersNote filters={ignoredFilters(report, table.pipe)} />}
      actions={<CsvButton pipe={table.pipe} params={pipeParams(report, table.pipe, { include_previous_period: true, skip: 0, limit: EXPORT_LIMIT })} filename={`${table.pipe}-${report.range.date_from}-${report.range.date_to}`} />}
      loading={top.loading}
      error={top.error}
      pipe={table.pipe}
      onRetry={top.reload}
      hasData={top.data !== undefined}
      empty={rows.length === 0 ? "No visits in this period." : undefined}
      skeletonHeight={340}
    >
      <TopTableRows table={table} rows={rows.slice(0, PANEL_ROWS)} onFilter={onFilter} />
      {rows.length > PANEL_ROWS && (
        <div className="panel-foot">
          <span />
          <button type="button" className="button" onClick={() => report.setView({ all: table.id, page: 0 })}>
            View all
          </button>
        </div>
      )}
    </Panel>
  );
}
