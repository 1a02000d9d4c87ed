/**
 * The full breakdown, a page at a time (`skip`/`limit`), in a modal dialog. It is part of
 * the URL (`all=pages&page=2`), so Back closes it and a link opens it. The native
 * <dialog> traps focus and closes on Escape.
 */
import { useEffect, useRef } from "preact/compat";
import type { TopRow } from "../api/pipe-rows.ts";
import { topTable } from "../lib/top-tables.ts";
import { pipeParams, useReport } from "../state/report-context.ts";
import { usePipe } from "../state/use-load.ts";
import type { TableId } from "../state/view-state.ts";
import { CsvButton } from "./csv-button.tsx";
import { Panel } from "./panel.tsx";
import { EXPORT_LIMIT, useFilterBy } from "./top-table-panel.tsx";
import { TopTableRows } from "./top-table-rows.tsx";

export const PAGE_SIZE = 20;

export function ViewAllDialog({ id }: { id: TableId }) {
  const report = useReport();
  const { view, setView } = report;
  const table = topTable(id);
  const dialog = useRef<HTMLDialogElement>(null);
  const page = view.page;
  const result = usePipe<TopRow>(table.pipe, pipeParams(report, table.pipe, { include_previous_period: true, skip: page * PAGE_SIZE, limit: PAGE_SIZE + 1 }));
  const rows = result.data?.data ?? [];
  const onFilter = useFilterBy(table);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  const close = () => setView({ all: undefined, page: 0 });

  return (
    <dialog ref={dialog} className="view-all" onClose={close} aria-label={table.title} data-testid="view-all">
      <Panel
        title={table.title}
        id={`all-${table.id}`}
        actions={
          <>
            <CsvButton pipe={table.pipe} params={pipeParams(report, table.pipe, { include_previous_period: true, skip: 0, limit: EXPORT_LIMIT })} filename={`${table.pipe}-${report.range.date_from}-${report.range.date_to}`} />
            <button type="button" className="button quiet" onClick={close} aria-label="Close">
              ✕
            </button>
          </>
        }
        loading={result.loading}
        error={result.error}
        pipe={table.pipe}
        onRetry={result.reload}
        hasData={result.data !== undefined}
        empty={rows.length === 0 ? (page > 0 ? "No more rows." : (table.empty ?? "No visits in this period.")) : undefined}
        skeletonHeight={420}
      >
        <TopTableRows table={table} rows={rows.slice(0, PAGE_SIZE)} onFilter={onFilter} />
      </Panel>
      <div className="panel-foot" style={{ padding: "0 16px 16px" }}>
        <button type="button" className="button" disabled={page === 0} onClick={() => setView({ page: page - 1 }, { replace: true })}>
          ← Previous
        </button>
        <span data-testid="page-number">Page {page + 1}</span>
        <button type="button" className="button" disabled={rows.length <= PAGE_SIZE} onClick={() => setView({ page: page + 1 }, { replace: true })}>
          Next →
        </button>
      </div>
    </dialog>
  );
}
