/** Server-side events through the Events API (`POST /v0/events`, NDJSON), as the tracker sends them. */
import { queryParams, type Transport } from "./http.ts";
import type { IngestOptions, IngestResult } from "./types.ts";

export async function postEvents(transport: Transport, datasource: string, rows: readonly object[], options: IngestOptions = {}): Promise<IngestResult> {
  if (rows.length === 0) return { successful_rows: 0, quarantined_rows: 0 };
  // Dates serialise as ISO 8601 (`toJSON`), which DateTime columns accept.
  const body = rows.map((row) => JSON.stringify(row)).join("\n");
  const response = await transport.send("/v0/events", queryParams({ name: datasource, wait: options.wait === false ? undefined : true }), {
    method: "POST",
    headers: { "Content-Type": "application/x-ndjson" },
    body,
    token: options.token,
    signal: options.signal,
  });
  const text = await response.text();
  // A queued (202) answer may come without counts; every row was accepted for later.
  return text ? (JSON.parse(text) as IngestResult) : { successful_rows: rows.length, quarantined_rows: 0 };
}
