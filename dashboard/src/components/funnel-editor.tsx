/**
 * The funnel form: up to 8 steps (a page pattern, a custom event or a goal), the window,
 * whom it follows (a session, or a visitor across its sessions) and a name for saving. "Show" reports the funnel as it is in the form; "Save" appends a
 * version of it (a new funnel, or the one chosen); "Delete" removes the chosen one.
 */
import type { FormEvent } from "preact/compat";
import { FUNNEL_UNITS, KIND_HINTS, KIND_LABELS, MAX_STEPS, MAX_WINDOW, MIN_STEPS, STEP_KINDS, UNIT_LABELS, type FunnelAsked, type StepDraft, type StepKind, stepProblem, unitOf, windowProblem } from "../lib/funnel-steps.ts";

export interface FunnelDraft extends FunnelAsked {
  readonly name: string;
}

/** A goal a step can name (goal_definitions). */
export interface GoalChoice {
  readonly id: string;
  readonly name: string;
}

export interface FunnelEditorProps {
  readonly draft: FunnelDraft;
  /** The site's goals, offered for goal steps (free text when the token cannot list them). */
  readonly goals?: readonly GoalChoice[];
  onChange(draft: FunnelDraft): void;
  onShow(): void;
  /** Only for a token that may save. */
  onSave?: () => void;
  /** Only for a saved funnel, and a token that may save. */
  onDelete?: () => void;
  readonly busy: boolean;
}

export function FunnelEditor({ draft, goals, onChange, onShow, onSave, onDelete, busy }: FunnelEditorProps) {
  const setStep = (i: number, step: StepDraft) => onChange({ ...draft, steps: draft.steps.map((s, j) => (j === i ? step : s)) });
  const problems = draft.steps.map(stepProblem);
  const windowIssue = windowProblem(draft.windowMinutes);
  const valid = problems.every((p) => p === undefined) && windowIssue === undefined;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (valid) onShow();
  }

  return (
    <form className="funnel-editor" aria-label="Funnel steps" onSubmit={submit}>
      {draft.steps.map((step, i) => (
        <div className="funnel-row" key={i} data-testid={`funnel-step-${i + 1}`}>
          <span className="funnel-step-number">{i + 1}</span>
          <select className="select" aria-label={`Step ${i + 1} kind`} value={step.kind} onChange={(e) => setStep(i, { ...step, kind: e.currentTarget.value as StepKind })}>
            {STEP_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
          {step.kind === "goal" && goals && goals.length > 0 ? (
            <select className="select input" aria-label={`Step ${i + 1}`} value={step.value} onChange={(e) => setStep(i, { ...step, value: e.currentTarget.value })}>
              <option value="">Choose a goal</option>
              {goals.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          ) : (
            <input className="input" aria-label={`Step ${i + 1}`} placeholder={KIND_HINTS[step.kind]} value={step.value} onChange={(e) => setStep(i, { ...step, value: e.currentTarget.value })} />
          )}
          {draft.steps.length > MIN_STEPS && (
            <button type="button" className="button quiet" aria-label={`Remove step ${i + 1}`} onClick={() => onChange({ ...draft, steps: draft.steps.filter((_, j) => j !== i) })}>
              Remove
            </button>
          )}
          {problems[i] && step.value !== "" && <span className="step-problem">{problems[i]}</span>}
        </div>
      ))}
      <div className="funnel-row">
        {draft.steps.length < MAX_STEPS && (
          <button type="button" className="button" onClick={() => onChange({ ...draft, steps: [...draft.steps, { kind: "page", value: "" }] })}>
            Add step
          </button>
        )}
        <label className="field">
          Window (minutes)
          <input className="input" type="number" min={1} max={MAX_WINDOW} value={draft.windowMinutes} onChange={(e) => onChange({ ...draft, windowMinutes: Number(e.currentTarget.value) })} />
        </label>
        <label className="field" title="A visitor is one browser on one network and site, for one day (UTC): its sessions of that day are followed as one">
          Follow
          <select className="select" aria-label="Follow" value={draft.per} onChange={(e) => onChange({ ...draft, per: unitOf(e.currentTarget.value) })}>
            {FUNNEL_UNITS.map((u) => (
              <option key={u} value={u}>
                {UNIT_LABELS[u]}
              </option>
            ))}
          </select>
        </label>
        {onSave && (
          <label className="field">
            Name
            <input className="input" value={draft.name} placeholder="Signup funnel" onChange={(e) => onChange({ ...draft, name: e.currentTarget.value })} />
          </label>
        )}
      </div>
      {windowIssue && <span className="step-problem">{windowIssue}</span>}
      <div className="funnel-row">
        <button type="submit" className="button primary" disabled={!valid}>
          Show funnel
        </button>
        {onSave && (
          <button type="button" className="button" disabled={!valid || busy || draft.name.trim() === ""} onClick={onSave}>
            Save
          </button>
        )}
        {onDelete && (
          <button type="button" className="button quiet" disabled={busy} onClick={onDelete}>
            Delete
          </button>
        )}
      </div>
    </form>
  );
}
