/**
 * The goal editor: the site's goals as they are now (`goal_definitions`), each editable
 * or deletable, and a form for a new one. Every change appends a version; earlier counts
 * keep the version of their time, so the form says that an edit applies from now on.
 */
import { useEffect, useRef, useState, type FormEvent } from "preact/compat";
import { ApiError } from "../api/api-error.ts";
import { goalWriteProblem, newGoalId } from "../api/goal-writes.ts";
import type { DomainRow, GoalDefinitionRow } from "../api/pipe-rows.ts";
import { BLANK_GOAL, MATCH_HINTS, draftOf, goalProblem, versionOf, type GoalDraft } from "../lib/goal-draft.ts";
import { pipeParams, useReport } from "../state/report-context.ts";
import type { GoalWriter } from "../state/use-goal-writer.ts";
import { usePipe } from "../state/use-load.ts";

interface Editing {
  /** The goal being edited; undefined for a new one. */
  readonly row?: GoalDefinitionRow;
  readonly draft: GoalDraft;
}

export function GoalEditor({ writer, onClose, onSaved }: { writer: GoalWriter; onClose: () => void; onSaved: () => void }) {
  const report = useReport();
  const definitions = usePipe<GoalDefinitionRow>("goal_definitions", pipeParams(report, "goal_definitions", {}, { range: false }));
  const domains = usePipe<DomainRow>("domains", report.view.domain === undefined ? pipeParams(report, "domains", {}, { range: false }) : null);
  const [editing, setEditing] = useState<Editing>({ draft: BLANK_GOAL });
  const [chosenDomain, setDomain] = useState(report.view.domain ?? "");
  const sites = domains.data?.data ?? [];
  // A tenant with one site has nothing to choose.
  const domain = chosenDomain || (sites.length === 1 ? sites[0]!.domain : "");
  const [status, setStatus] = useState<{ busy: boolean; message?: string; problem?: string }>({ busy: false });
  const dialog = useRef<HTMLDialogElement>(null);
  const goals = definitions.data?.data ?? [];
  const problem = goalProblem(editing.draft) ?? (editing.row === undefined && domain === "" ? "Choose the site the goal is for." : undefined);

  useEffect(() => {
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  }, []);

  async function write(row: GoalDefinitionRow | undefined, draft: GoalDraft, deleted: 0 | 1, done: string) {
    setStatus({ busy: true });
    try {
      await writer.save(versionOf(draft, { domain: row?.domain ?? domain, goal_id: row?.goal_id ?? newGoalId() }, deleted));
      setStatus({ busy: false, message: done });
      setEditing({ draft: BLANK_GOAL });
      definitions.reload();
      onSaved();
    } catch (err) {
      setStatus({ busy: false, problem: goalWriteProblem(err instanceof ApiError ? err : new ApiError(0, String(err))) });
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (problem === undefined) void write(editing.row, editing.draft, 0, `Saved “${editing.draft.name.trim()}”.`);
  }

  const set = (patch: Partial<GoalDraft>) => setEditing({ ...editing, draft: { ...editing.draft, ...patch } });
  const { draft } = editing;
  return (
    <dialog ref={dialog} className="goal-editor" onClose={onClose} aria-labelledby="goal-editor-title" data-testid="goal-editor">
      <div className="panel">
        <div className="panel-head">
          <h2 id="goal-editor-title">Goals of {report.view.domain ?? `${writer.tenantId}'s sites`}</h2>
          <div className="panel-actions">
            <button type="button" className="button quiet" onClick={onClose} aria-label="Close">
              ✕
            </button>
          </div>
        </div>
        {definitions.error && <p className="error-note">The goals could not be loaded: {definitions.error.reason}</p>}
        <ul className="goal-list" aria-label="Goals">
          {goals.map((g) => (
            <li key={`${g.domain}\n${g.goal_id}`} data-goal={g.goal_id}>
              <span className="goal-name">{g.name}</span>
              <span className="detail">
                {g.kind} {g.match}
                {g.revenue_property && ` · revenue ${g.revenue_property} (${g.currency})`}
                {report.view.domain === undefined && ` · ${g.domain}`}
              </span>
              <button type="button" className="button quiet" aria-label={`Edit ${g.name}`} disabled={status.busy} onClick={() => setEditing({ row: g, draft: draftOf(g) })}>
                Edit
              </button>
              <button type="button" className="button quiet" aria-label={`Delete ${g.name}`} disabled={status.busy} onClick={() => void write(g, draftOf(g), 1, `Deleted “${g.name}”.`)}>
                Delete
              </button>
            </li>
          ))}
          {definitions.data && goals.length === 0 && <li className="note">No goals yet.</li>}
        </ul>
        <form className="goal-form" aria-label={editing.row ? `Edit ${editing.row.name}` : "New goal"} onSubmit={submit}>
          <h3>{editing.row ? `Edit “${editing.row.name}”` : "New goal"}</h3>
          {editing.row === undefined && report.view.domain === undefined && (
            <label className="field">
              Site
              <select className="select" aria-label="Site" value={domain} onChange={(e) => setDomain(e.currentTarget.value)}>
                <option value="">Choose…</option>
                {sites.map((d) => (
                  <option key={d.domain} value={d.domain}>
                    {d.domain}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label className="field">
            Name
            <input className="input" value={draft.name} onChange={(e) => set({ name: e.currentTarget.value })} />
          </label>
          <label className="field">
            Kind
            <select className="select" aria-label="Kind" value={draft.kind} onChange={(e) => set(e.currentTarget.value === "page" ? { kind: "page", revenueProperty: "", currency: "" } : { kind: "event" })}>
              <option value="event">Custom event</option>
              <option value="page">Page visit</option>
            </select>
          </label>
          <label className="field">
            {draft.kind === "page" ? "Path pattern" : "Event name"}
            <input className="input" placeholder={MATCH_HINTS[draft.kind]} value={draft.match} onChange={(e) => set({ match: e.currentTarget.value })} />
          </label>
          {/* Revenue comes with an event's properties; a page view carries none. */}
          {draft.kind === "event" && (
            <>
              <label className="field">
                Revenue property (optional)
                <input className="input" placeholder="e.g. amount" value={draft.revenueProperty} onChange={(e) => set({ revenueProperty: e.currentTarget.value })} />
              </label>
              <label className="field">
                Currency
                <input className="input" placeholder="EUR" maxLength={3} value={draft.currency} onChange={(e) => set({ currency: e.currentTarget.value })} />
              </label>
            </>
          )}
          <div className="goal-form-actions">
            <button type="submit" className="button primary" disabled={status.busy || problem !== undefined}>
              {status.busy ? "Saving…" : editing.row ? "Save changes" : "Add goal"}
            </button>
            {editing.row && (
              <button type="button" className="button" onClick={() => setEditing({ draft: BLANK_GOAL })}>
                Cancel
              </button>
            )}
            {/* A blank new goal is not a mistake yet: what is missing shows once something is typed. */}
            <span className="note">{(draft !== BLANK_GOAL && problem) || (editing.row ? "Applies from now on; earlier conversions keep counting as they did." : "Counts past events too.")}</span>
          </div>
        </form>
        {status.problem && (
          <p className="error-note" role="alert" data-testid="goal-write-problem">
            {status.problem}
          </p>
        )}
        {status.message && (
          <p className="note" role="status" data-testid="goal-write-done">
            {status.message}
          </p>
        )}
      </div>
    </dialog>
  );
}
