/**
 * "CSV": the endpoint's rows with the widget's parameters, saved as a file. Built from the
 * JSON response with formula-looking text neutralised (lib/safe-csv.ts), not the API's
 * `.csv` as is: that one stays raw, and a spreadsheet would run a visitor's `=…`.
 */
import { useState } from "preact/compat";
import type { Params } from "../api/api-client.ts";
import { ApiError } from "../api/api-error.ts";
import type { DashboardPipe } from "../api/dashboard-pipes.ts";
import { downloadText } from "../lib/download.ts";
import { safeCsv } from "../lib/safe-csv.ts";
import { useSession } from "../state/session-context.ts";

export function CsvButton({ pipe, params, filename }: { pipe: DashboardPipe; params: Params | null; filename: string }) {
  const { client } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function download() {
    if (!params) return;
    setBusy(true);
    setError(undefined);
    try {
      const result = await client.pipe<Record<string, unknown>>(pipe, params);
      downloadText(`${filename}.csv`, safeCsv(result.meta, result.data));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <button type="button" className="button quiet" onClick={download} disabled={busy || !params} title={error ?? `Download ${filename}.csv`} aria-label={`Download ${filename} as CSV`}>
      {busy ? "…" : error ? "CSV failed" : "CSV"}
    </button>
  );
}
