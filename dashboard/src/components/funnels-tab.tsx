/**
 * Funnels: choose a saved funnel or build one, and see how many sessions (or visitors,
 * across their sessions of a day) of the period went through its steps in order (the
 * `funnel` endpoint). Saving writes a version to
 * `analytics_funnels`: offered to a link whose token may write funnels and to static tokens
 * (the server decides; a 403 is shown as what it means); other links can build and view.
 * The saved funnel shown is in the URL (`funnel=`), so a reload or a shared link shows it.
 */
import { useEffect, useState } from "preact/compat";
import { type FunnelVersion, appendFunnel, funnelWriteProblem } from "../api/funnel-writes.ts";
import type { FunnelDefinitionRow, FunnelRow, GoalDefinitionRow } from "../api/pipe-rows.ts";
import { ApiError } from "../api/api-error.ts";
import { DEFAULT_WINDOW, type FunnelAsked, funnelQuery, newFunnelId, parseStep, stepText, unitOf } from "../lib/funnel-steps.ts";
import { pipeParams, useReport } from "../state/report-context.ts";
import { useSession } from "../state/session-context.ts";
import { usePipe } from "../state/use-load.ts";
import { FunnelChart } from "./funnel-chart.tsx";
import { FunnelEditor, type FunnelDraft } from "./funnel-editor.tsx";
import { Panel } from "./panel.tsx";
import "../styles/funnels.css";

const BLANK: FunnelDraft = { name: "", steps: [{ kind: "page", value: "/" }, { kind: "page", value: "" }], windowMinutes: DEFAULT_WINDOW, per: "session" };

function draftOf(row: FunnelDefinitionRow): FunnelDraft {
  return { name: row.name, steps: row.steps.map(parseStep), windowMinutes: Number(row.window_minutes), per: unitOf(row.per) };
}

/** What to show for the form; a saved funnel of one domain counts that domain, whichever the view shows. */
const askedOf = ({ steps, windowMinutes, per }: FunnelDraft, saved?: FunnelDefinitionRow): FunnelAsked => ({ steps, windowMinutes, per, domain: saved?.domain });

export function FunnelsTab() {
  const report = useReport();
  const { client, info } = useSession();
  const canSave = info.kind === "static" || info.writable?.includes("analytics_funnels") === true;
  const definitionParams = pipeParams(report, "funnel_definitions", {}, { range: false });
  const definitions = usePipe<FunnelDefinitionRow>("funnel_definitions", definitionParams);
  const saved = definitions.data?.data ?? [];
  const goalRows = usePipe<GoalDefinitionRow>("goal_definitions", pipeParams(report, "goal_definitions", {}, { range: false })).data?.data;
  const goals = goalRows?.map((g) => ({ id: g.goal_id, name: g.name }));
  const chosen = report.view.funnel ?? "";
  const setChosen = (id: string) => report.setView({ funnel: id || undefined });
  const chosenRow = saved.find((r) => r.funnel_id === chosen);
  const [draft, setDraft] = useState<FunnelDraft>(BLANK);
  // The saved funnel whose steps are in the editor: the URL's one is opened once the saved funnels arrive.
  const [opened, setOpened] = useState("");
  const [shown, setShown] = useState<FunnelAsked | undefined>();
  const [write, setWrite] = useState<{ busy: boolean; message?: string; problem?: string }>({ busy: false });
  const funnel = usePipe<FunnelRow>("funnel", shown ? pipeParams(report, "funnel", funnelQuery(shown)) : null);

  useEffect(() => {
    if (!chosenRow || chosen === opened) return;
    const next = draftOf(chosenRow);
    setOpened(chosen);
    setDraft(next);
    setShown(askedOf(next, chosenRow));
  }, [chosen, opened, chosenRow]);

  function choose(id: string) {
    setChosen(id);
    if (id !== "") return;
    setOpened("");
    setDraft(BLANK);
    setShown(undefined);
  }

  /** A new funnel is saved for the domain in view ('' for all); a saved one keeps its own. */
  async function store(version: Omit<FunnelVersion, "tenant_id" | "domain">, done: string, domain = report.view.domain ?? "") {
    setWrite({ busy: true });
    try {
      await appendFunnel(client, { ...version, tenant_id: report.tenantId ?? "", domain });
      setWrite({ busy: false, message: done });
      definitions.reload();
    } catch (err) {
      setWrite({ busy: false, problem: funnelWriteProblem(err instanceof ApiError ? err : new ApiError(0, String(err))) });
      throw err;
    }
  }

  const save = () => {
    const id = chosen || newFunnelId();
    const version = { funnel_id: id, name: draft.name.trim(), steps: draft.steps.map(stepText), window_minutes: draft.windowMinutes, per: draft.per, deleted: 0 as const };
    store(version, `Saved “${version.name}”.`, chosenRow?.domain).then(
      () => {
        setOpened(id);
        setChosen(id);
        setShown(askedOf(draft, chosenRow));
      },
      () => undefined,
    );
  };

  const remove = () => {
    if (!chosenRow) return;
    const { funnel_id, name, steps, window_minutes, per, domain } = chosenRow;
    store({ funnel_id, name, steps, window_minutes: Number(window_minutes), per, deleted: 1 }, `Deleted “${name}”.`, domain).then(
      () => choose(""),
      () => undefined,
    );
  };

  const picker = (
    <label className="field">
      Saved funnels
      <select
        className="select"
        aria-label="Saved funnel"
        value={chosen}
        onChange={(e) => {
          setWrite({ busy: false });
          choose(e.currentTarget.value);
        }}
      >
        <option value="">New funnel</option>
        {saved.map((row) => (
          <option key={`${row.domain}\n${row.funnel_id}`} value={row.funnel_id}>
            {row.name}
            {report.view.domain ? "" : ` (${row.domain || "all domains"})`}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <Panel
      title="Funnel"
      id="funnel"
      note={shown?.per === "visitor" ? "visitors of the period, each followed across its sessions of a day" : "sessions of the period; a visitor's later visits are other sessions"}
      toolbar={
        <div className="funnel-toolbar">
          {definitions.error && !definitions.error.isNoAccess && <p className="error-note">Saved funnels could not be loaded: {definitions.error.reason}</p>}
          {picker}
          <FunnelEditor
            draft={draft}
            goals={goals}
            onChange={setDraft}
            onShow={() => setShown(askedOf(draft, chosenRow))}
            onSave={canSave ? save : undefined}
            onDelete={canSave && chosen ? remove : undefined}
            busy={write.busy}
          />
          {write.problem && (
            <p className="error-note" role="alert" data-testid="funnel-write-problem">
              {write.problem}
            </p>
          )}
          {!canSave && <p className="note">This link can build and view funnels; saving one needs a link that can edit.</p>}
          {write.message && (
            <p className="note" role="status">
              {write.message}
            </p>
          )}
        </div>
      }
      loading={funnel.loading}
      error={funnel.error}
      pipe="funnel"
      onRetry={funnel.reload}
      hasData={shown === undefined || funnel.data !== undefined}
      empty={shown === undefined ? <p>Choose a saved funnel, or fill in the steps and press “Show funnel”.</p> : undefined}
    >
      <FunnelChart rows={funnel.data?.data ?? []} per={shown?.per ?? "session"} />
    </Panel>
  );
}
