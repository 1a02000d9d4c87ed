/**
 * Appends rows to a datasource through the Events API (`POST /v0/events?name=…&wait=true`,
 * NDJSON), as the dashboard's editors write definitions: with the session's token, so the
 * server writes the token's own tenant (and domain) into every row, whatever it says.
 */
import type { ApiClient } from "./api-client.ts";
import { ApiError, apiErrorFrom } from "./api-error.ts";

export async function appendRows(client: ApiClient, datasource: string, rows: readonly object[]): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`/v0/events?name=${encodeURIComponent(datasource)}&wait=true`, {
      method: "POST",
      headers: { Authorization: `Bearer ${client.token}`, "Content-Type": "application/x-ndjson" },
      body: rows.map((r) => `${JSON.stringify(r)}\n`).join(""),
    });
  } catch (err) {
    throw new ApiError(0, `Cannot reach the server (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!response.ok) throw await apiErrorFrom(response);
  // A row the datasource refuses goes to its quarantine with a 200: say so instead of "saved".
  const result = (await response.json()) as { quarantined_rows?: number };
  if (result.quarantined_rows) throw new ApiError(400, `the server refused ${result.quarantined_rows} of the rows (kept in ${datasource}_quarantine)`);
}
