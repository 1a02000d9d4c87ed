/**
 * "CSV": the endpoint's `.csv` format with the widget's parameters, saved as a file. The
 * file is exactly what the API returns (header row included), so it matches the JSON.
 */
import { useState } from "react";
import type { Params } from "../api/api-client.ts";
import { ApiError } from "../api/api-error.ts";
import { downloadText } from "../lib/download.ts";
import { useSession } from "../state/session-context.ts";

export function CsvButton({ pipe, params, filename }: { pipe: string; params: Params | null; filename: string }) {
  const { client } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function download() {
    if (!params) return;
    setBusy(true);
    setError(undefined);
    try {
      downloadText(`${filename}.csv`, await client.pipeCsv(pipe, params));
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
