/**
 * Goals on the overview: per goal, the visits that converted (uniques), conversions,
 * conversion rate, revenue and the change in uniques against the compared period, for the
 * period and filters on screen (the `goals` endpoint, asked for once `goal_definitions` says
 * there are goals). "Edit goals" opens the editor for tokens that may write them.
 */
import { useState } from "preact/compat";
import type { GoalDefinitionRow, GoalRow } from "../api/pipe-rows.ts";
import { formatInteger, formatShare } from "../lib/format.ts";
import { formatRevenue } from "../lib/goal-draft.ts";
import { ignoredFilters, pipeParams, useReport } from "../state/report-context.ts";
import { usePipe } from "../state/use-load.ts";
import { useGoalWriter } from "../state/use-goal-writer.ts";
import { CsvButton } from "./csv-button.tsx";
import { GoalEditor } from "./goal-editor.tsx";
import { GrowthBadge } from "./growth-badge.tsx";
import { GrowthCell, GrowthHeader } from "./growth-column.tsx";
import { IgnoredFiltersNote } from "./ignored-filters-note.tsx";
import { Panel } from "./panel.tsx";
import { EXPORT_LIMIT } from "./top-table-panel.tsx";
import "../styles/goals.css";

/** Goals are few: the panel lists them all. */
const SHOWN = 100;

function GoalsTable({ rows, showDomain }: { rows: readonly GoalRow[]; showDomain: boolean }) {
  const withRevenue = rows.some((r) => r.currency !== "" || Number(r.revenue) !== 0);
  return (
    <table className="top-table goals-table">
      <thead>
        <tr>
          <th scope="col">Goal</th>
          <th scope="col" className="num">
            <abbr title="Visits that converted">Uniques</abbr>
          </th>
          <th scope="col" className="num hide-phone">
            Total
          </th>
          <th scope="col" className="num">
            <abbr title="Uniques ÷ visits in scope">Conv. rate</abbr>
          </th>
          {withRevenue && (
            <th scope="col" className="num">
              Revenue
            </th>
          )}
          <GrowthHeader of="uniques" />
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.domain}\n${r.goal_id}`} data-goal={r.goal_id}>
            <td className="dimension" title={`${r.kind === "page" ? "Page" : "Event"}: ${r.match}`}>
              <span className="dimension-text">
                <span className="goal-name">{r.name}</span>
                <span className="detail">
                  {r.kind === "page" ? "page " : "event "}
                  {r.match}
                  {showDomain && ` · ${r.domain}`}
                </span>
              </span>
            </td>
            <td className="num">{formatInteger(Number(r.uniques))}</td>
            <td className="num hide-phone">{formatInteger(Number(r.total))}</td>
            <td className="num">{formatShare(Number(r.conversion_rate))}</td>
            {withRevenue && (
              <td className="num revenue">
                {r.currency !== "" || Number(r.revenue) !== 0 ? formatRevenue(Number(r.revenue), r.currency) : ""}
                {/* The revenue's own change sits beside it, so the Change column holds one figure: uniques'. */}
                {r.revenue_growth_percentage !== undefined && Number(r.revenue) + Number(r.previous_revenue) > 0 && (
                  <GrowthBadge value={r.revenue_growth_percentage} previous={r.previous_revenue} />
                )}
              </td>
            )}
            <GrowthCell value={r.uniques_growth_percentage} previous={r.previous_uniques} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function GoalsPanel() {
  const report = useReport();
  const writer = useGoalWriter();
  const [editing, setEditing] = useState(false);
  // Most sites have no goals: which exist is a small query, and the report (about 100 ms of the
  // engine's time even for a small site, planning its joins) is asked for only when some do.
  // A token that cannot read the definitions (a link minted before they existed) asks at once.
  const definitions = usePipe<GoalDefinitionRow>("goal_definitions", pipeParams(report, "goal_definitions", {}, { range: false }));
  const none = definitions.data !== undefined && definitions.data.rows === 0;
  const known = definitions.data !== undefined || definitions.error !== undefined;
  const goals = usePipe<GoalRow>("goals", known && !none ? pipeParams(report, "goals", { include_previous_period: true, skip: 0, limit: SHOWN }) : null);
  const rows = none ? [] : (goals.data?.data ?? []);
  const reload = () => {
    definitions.reload();
    goals.reload();
  };
  return (
    <>
      <Panel
        title="Goals"
        id="goals"
        className="goals-panel"
        note={<IgnoredFiltersNote filters={ignoredFilters(report, "goals")} />}
        actions={
          <>
            {writer && (
              <button type="button" className="button quiet" data-testid="edit-goals" onClick={() => setEditing(true)}>
                Edit goals
              </button>
            )}
            <CsvButton pipe="goals" params={pipeParams(report, "goals", { include_previous_period: true, skip: 0, limit: EXPORT_LIMIT })} filename={`goals-${report.range.date_from}-${report.range.date_to}`} />
          </>
        }
        loading={definitions.loading || goals.loading}
        error={none ? undefined : goals.error}
        pipe="goals"
        onRetry={reload}
        hasData={none || goals.data !== undefined}
        empty={rows.length === 0 && (writer ? "No goals yet. Add one with “Edit goals”." : "No goals for this site yet.")}
      >
        <div className="table-scroll">
          <GoalsTable rows={rows} showDomain={report.view.domain === undefined} />
        </div>
      </Panel>
      {editing && writer && <GoalEditor writer={writer} onClose={() => setEditing(false)} onSaved={reload} />}
    </>
  );
}
