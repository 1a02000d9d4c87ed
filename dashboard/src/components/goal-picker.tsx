/**
 * Which goal a property's values are measured against (their conversions): the goals
 * defined for the tenant (goal_definitions), or none. Hidden when there are none to pick
 * or the token may not list them: the values then show without conversions.
 */
import type { GoalDefinitionRow } from "../api/pipe-rows.ts";
import { pipeParams, useReport } from "../state/report-context.ts";
import { usePipe } from "../state/use-load.ts";

export function GoalPicker({ goal, onChange }: { goal: string | undefined; onChange: (goal: string | undefined) => void }) {
  const report = useReport();
  const goals = usePipe<GoalDefinitionRow>("goal_definitions", pipeParams(report, "goal_definitions", {}, { range: false }), { auxiliary: true });
  const rows = goals.data?.data ?? [];
  if (rows.length === 0) return null;
  return (
    <div className="toolbar event-goal">
      <label className="field">
        Conversions on
        <select className="input" value={goal ?? ""} onChange={(e) => onChange(e.currentTarget.value || undefined)} data-testid="event-goal">
          <option value="">no goal</option>
          {rows.map((g) => (
            <option key={`${g.domain}\n${g.goal_id}`} value={g.goal_id}>
              {report.view.domain ? g.name : `${g.name} (${g.domain})`}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
