/**
 * A tenant's rows of one datasource (the raw events by default) written to a file by the
 * engine itself, memory bounded at any size (measured: README, Operations). NDJSON and CSV
 * come oldest first, in chunks of whole days, each a statement of its own that takes its
 * turn with other requests (a big export never holds the engine for long) and sorts only its
 * chunk. Parquet cannot be appended to: one statement, rows in storage order (sorting them
 * all would take memory in proportion), in small row groups.
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

/** One reading thread in small blocks: an export is a background task, and its buffers stay small. */
const EXPORT_SETTINGS = { max_threads: 1, max_block_size: 8192 };
/** A Parquet writer holds a row group whole before writing it. */
const PARQUET_SETTINGS = { ...EXPORT_SETTINGS, output_format_parquet_row_group_size: 10_000, output_format_parquet_row_group_size_bytes: 8 * 1024 * 1024 };

export function exportFormat(text: string | undefined): ExportFormat {
  const format = text ?? "ndjson";
  if (!Object.hasOwn(EXPORT_FORMATS, format)) throw errors.badRequest(`Unknown export format '${format}': use ndjson, csv or parquet`);
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
  if (!spec.chunked) {
    await engine.queryToFile(exportRowsSql(ds.name, time, condition, { ordered: false }), spec.first, path, { settings: PARQUET_SETTINGS });
    return { rows };
  }
  // No rows: one statement still writes what an empty file of the format holds (CSV's header).
  if (days.length === 0) {
    await engine.queryToFile(exportRowsSql(ds.name, time, condition, {}), spec.first, path, { settings: EXPORT_SETTINGS });
    return { rows };
  }
  const limit = request.chunkRows ?? 50_000;
  let chunk: { from: string; to: string; rows: number } | undefined;
  let first = true;
  const write = async (c: { from: string; to: string }) => {
    await engine.queryToFile(exportRowsSql(ds.name, time, condition, { days: c }), first ? spec.first : spec.next, path, { append: !first, settings: EXPORT_SETTINGS });
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
