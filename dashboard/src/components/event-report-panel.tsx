/**
 * One panel of the Events tab: a custom-event report (events, properties or values) for
 * the period, filters and comparison of the view, with CSV of the whole report. The tab
 * loads the rows (it picks what to drill into from them) and hands them in.
 */
import type { ReactNode } from "preact/compat";
import type { Params, PipeResponse } from "../api/api-client.ts";
import type { DashboardPipe } from "../api/dashboard-pipes.ts";
import { ignoredFilters, pipeParams, useReport, type Report } from "../state/report-context.ts";
import type { Loaded } from "../state/use-load.ts";
import { CsvButton } from "./csv-button.tsx";
import { EventTable, type EventCounts, type EventTableProps } from "./event-table.tsx";
import { IgnoredFiltersNote } from "./ignored-filters-note.tsx";
import { Panel } from "./panel.tsx";
import { EXPORT_LIMIT } from "./top-table-panel.tsx";

/** Rows a panel shows (it scrolls); CSV has the whole report. */
const EVENT_ROWS = 100;

/** A report's parameters with the view's comparison; null waits (no tenant yet, or nothing chosen to drill into). */
export function eventReportParams(report: Report, pipe: DashboardPipe, extra: Params | null, limit = EVENT_ROWS): Params | null {
  return extra && pipeParams(report, pipe, { ...extra, include_previous_period: true, skip: 0, limit });
}

export interface EventReportPanelProps<Row extends EventCounts> {
  readonly title: string;
  readonly id: string;
  readonly pipe: DashboardPipe;
  /** The report's own parameters (event, property, goal); null: nothing to show yet, `waiting` says why. */
  readonly extra: Params | null;
  readonly result: Loaded<PipeResponse<Row>>;
  readonly waiting?: ReactNode;
  readonly empty: ReactNode;
  readonly toolbar?: ReactNode;
  readonly table: Omit<EventTableProps<Row>, "rows">;
}

export function EventReportPanel<Row extends EventCounts>(props: EventReportPanelProps<Row>) {
  const report = useReport();
  const { result } = props;
  const rows = result.data?.data ?? [];
  const csv = eventReportParams(report, props.pipe, props.extra, EXPORT_LIMIT);
  const filename = [props.pipe, props.extra?.event, props.extra?.property, report.range.date_from, report.range.date_to].filter((p) => p !== undefined).join("-");
  return (
    <Panel
      title={props.title}
      id={props.id}
      className="event-panel"
      note={<IgnoredFiltersNote filters={ignoredFilters(report, props.pipe)} />}
      actions={props.extra && <CsvButton pipe={props.pipe} params={csv} filename={filename} />}
      toolbar={props.toolbar}
      loading={result.loading}
      error={result.error}
      pipe={props.pipe}
      onRetry={result.reload}
      hasData={props.extra === null || result.data !== undefined}
      empty={props.extra === null ? props.waiting : rows.length === 0 ? props.empty : undefined}
      skeletonHeight={240}
    >
      <div className="table-scroll">
        <EventTable {...props.table} rows={rows} />
      </div>
    </Panel>
  );
}
