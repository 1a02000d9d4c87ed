/**
 * A tenant's rows of one datasource (the raw events by default) written to a file by the
 * engine itself, so memory stays flat at any size. NDJSON and CSV go in chunks of whole
 * days, each a statement of its own that takes its turn with other requests, so a big
 * export does not hold the engine for minutes; Parquet cannot be appended to and is
 * written by one statement.
 */
import { exportRowsSql, rowsPerDaySql, tenantCondition } from "../engine/data-ops-sql.ts";
import { queryRows, type Engine } from "../engine/engine.ts";
import { errors } from "../errors.ts";
import type { Datasource } from "../project/model.ts";

export const EXPORT_FORMATS = {
  ndjson: { first: "JSONEachRow", next: "JSONEachRow", contentType: "application/x-ndjson", chunked: true },
  csv: { first: "CSVWithNames", next: "CSV", contentType: "text/csv; charset=utf-8", chunked: true },
  parquet: { first: "Parquet", next: "Parquet", contentType: "application/vnd.apache.parquet", chunked: false },
} as const;

export type ExportFormat = keyof typeof EXPORT_FORMATS;

export function exportFormat(text: string | undefined): ExportFormat {
  const format = text ?? "ndjson";
  if (!(format in EXPORT_FORMATS)) throw errors.badRequest(`Unknown export format '${format}': use ndjson, csv or parquet`);
  return format as ExportFormat;
}

export interface TenantExport {
  readonly datasource: Datasource;
  readonly tenant: string;
  readonly domain?: string;
  readonly format: ExportFormat;
  readonly path: string;
  /** Rows per statement, about (whole days: one busy day may make a bigger chunk). */
  readonly chunkRows?: number;
}

/** The column an export orders and chunks by: the datasource's first date-time column. */
function timeColumn(ds: Datasource): string {
  const column = ds.columns.find((c) => /^(Nullable\()?(DateTime|Date)/.test(c.type));
  if (!column) throw errors.badRequest(`Data Source '${ds.name}' has no date or time column to export it in order`);
  return column.name;
}

export function checkExportable(ds: Datasource, domain: string | undefined): void {
  const names = new Set(ds.columns.map((c) => c.name));
  if (!names.has("tenant_id")) throw errors.badRequest(`Data Source '${ds.name}' has no tenant_id column: it holds no tenant's rows`);
  if (domain !== undefined && !names.has("domain")) throw errors.badRequest(`Data Source '${ds.name}' has no domain column to pick '${domain}' by`);
  timeColumn(ds);
}

/** Writes the file; answers how many rows it holds. */
export async function exportTenant(engine: Engine, request: TenantExport): Promise<{ rows: number }> {
  const { datasource: ds, format, path } = request;
  checkExportable(ds, request.domain);
  const time = timeColumn(ds);
  const condition = tenantCondition(request.tenant, request.domain, ds.columns.some((c) => c.name === "payload"));
  const days = await queryRows<{ day: string; rows: string | number }>(engine, rowsPerDaySql(ds.name, time, condition));
  const rows = days.reduce((sum, d) => sum + Number(d.rows), 0);
  const spec = EXPORT_FORMATS[format];
  if (!spec.chunked || days.length === 0) {
    await engine.queryToFile(exportRowsSql(ds.name, time, condition), spec.first, path);
    return { rows };
  }
  const limit = request.chunkRows ?? 200_000;
  let chunk: { from: string; to: string; rows: number } | undefined;
  let first = true;
  const write = async (c: { from: string; to: string }) => {
    await engine.queryToFile(exportRowsSql(ds.name, time, condition, c), first ? spec.first : spec.next, path, { append: !first });
    first = false;
  };
  for (const day of days) {
    if (chunk && chunk.rows + Number(day.rows) > limit) {
      await write(chunk);
      chunk = undefined;
    }
    chunk = chunk ? { ...chunk, to: day.day, rows: chunk.rows + Number(day.rows) } : { from: day.day, to: day.day, rows: Number(day.rows) };
  }
  if (chunk) await write(chunk);
  return { rows };
}
