/**
 * Moves one sealed segment into ClickHouse: its rows into the datasource, its
 * quarantine rows into `<ds>_quarantine`, each as one INSERT whose deduplication
 * token is the segment id and the byte range, so inserting the same segment again
 * (a replay after a crash) adds nothing. Flushing and replay both come through here.
 *
 * Rows have been checked already, so ClickHouse should take them all. If it refuses
 * a batch for its data anyway (a type this server does not check, a view that throws),
 * the batch is split in halves until the refused rows stand alone; those go to the
 * quarantine with ClickHouse's message. Other failures are thrown for a retry.
 */
import { EngineError, type Engine, type Settings } from "../engine/engine.ts";
import { originalText } from "./quarantine-row.ts";
import type { Lane, WalRecord } from "./wal/record.ts";
import { readSegment } from "./wal/segment-files.ts";

export interface SegmentTables {
  readonly rows: string;
  /** Absent when the datasource has no quarantine table (no column has a JSONPath). */
  readonly quarantine?: string;
}

export interface InsertReport {
  readonly rows: number;
  readonly quarantined: number;
  /** Rows ClickHouse refused, moved to the quarantine. */
  readonly refused: number;
  /** Lines no table would take (not even the quarantine), for the log: the last resort. */
  readonly dropped: readonly string[];
  readonly tornBytes: number;
}

// One flush is one block (flush rows stay under max_insert_block_size), so a refused
// INSERT wrote nothing and its halves can be retried without doubling rows. The check
// writes times for the basic DateTime parser (chdb defaults to best_effort, which
// misreads negative epoch seconds), so both engines read them alike. Parsing on one
// thread costs less CPU per row than in parallel and leaves a core to the HTTP side.
// Views deduplicate too (chdb's default, not a ClickHouse server's), so a replay adds
// nothing to their targets either.
const SETTINGS: Settings = {
  async_insert: 0,
  insert_deduplicate: 1,
  deduplicate_blocks_in_dependent_materialized_views: 1,
  date_time_input_format: "basic",
  input_format_parallel_parsing: 0,
};

/** ClickHouse error codes that mean "this data", not "this moment": parsing, types, ranges, views. */
const DATA_ERRORS = new Set([6, 25, 26, 27, 32, 36, 38, 41, 43, 44, 53, 69, 70, 72, 117, 131, 153, 190, 349, 395, 691]);

function isDataError(err: unknown): err is EngineError {
  if (!(err instanceof EngineError) || err.code === undefined) return false;
  // 252 is both "too many parts" (wait for merges) and "too many partitions for one block" (split it).
  return DATA_ERRORS.has(err.code) || (err.code === 252 && /partitions/i.test(err.message));
}

interface LaneData {
  readonly data: Buffer;
  readonly rows: number;
}

/**
 * The payloads of each lane, back to back. Quarantine lines are copied out first;
 * rows are then moved to the front of the file's own buffer (records only ever move
 * toward it), which spares a second copy of a segment that can be tens of MB.
 */
function lanes(file: Buffer, records: readonly WalRecord[]): { rows: LaneData; quarantine: LaneData } {
  const quarantined = records.filter((r) => r.lane === "quarantine");
  const quarantine = { data: Buffer.concat(quarantined.map((r) => r.payload)), rows: quarantined.reduce((n, r) => n + r.rows, 0) };
  let end = 0;
  let rows = 0;
  for (const r of records) {
    if (r.lane !== "rows") continue;
    end += r.payload.copy(file, end);
    rows += r.rows;
  }
  return { rows: { data: file.subarray(0, end), rows }, quarantine };
}

/** A line boundary strictly inside [start, end), near the middle; undefined for a single line. */
function middleCut(data: Buffer, start: number, end: number): number | undefined {
  const mid = (start + end) >> 1;
  const before = data.lastIndexOf(0x0a, mid - 1);
  if (before >= start && before + 1 < end) return before + 1;
  const after = data.indexOf(0x0a, mid);
  return after >= 0 && after + 1 < end ? after + 1 : undefined;
}

function refusedRow(line: Buffer, message: string): string {
  const row = JSON.parse(line.toString("utf8")) as Record<string, unknown>;
  let out = "{";
  for (const [name, value] of Object.entries(row)) out += `${JSON.stringify(name)}:${JSON.stringify(originalText(value))},`;
  const insertedAt = Math.floor(Date.now() / 1000);
  return `${out}"c__error_column":[],"c__error":${JSON.stringify([`ClickHouse refused the row: ${message}`])},"insertion_date":${insertedAt}}\n`;
}

export async function insertSegment(engine: Engine, id: string, path: string, tables: SegmentTables): Promise<InsertReport> {
  const { file, records, tornBytes } = await readSegment(path);
  const { rows, quarantine } = lanes(file, records);
  let refused = 0;
  const dropped: string[] = [];

  const insert = (table: string, data: Buffer, token: string) => engine.insert(table, data, { dedupToken: `${id}:${token}`, settings: SETTINGS });

  const refuse = async (lane: Lane, line: Buffer, start: number, err: EngineError): Promise<void> => {
    refused++;
    if (lane === "rows" && tables.quarantine) {
      try {
        return void (await insert(tables.quarantine, Buffer.from(refusedRow(line, err.message)), `refused:${start}`));
      } catch (again) {
        if (!isDataError(again)) throw again;
      }
    }
    dropped.push(`${line.toString("utf8")} (${err.message})`);
  };

  const insertRange = async (table: string, lane: Lane, data: Buffer, start: number, end: number): Promise<void> => {
    try {
      await insert(table, data.subarray(start, end), `${lane}:${start}-${end}`);
    } catch (err) {
      if (!isDataError(err)) throw err;
      const cut = middleCut(data, start, end);
      if (cut === undefined) return refuse(lane, data.subarray(start, end), start, err);
      await insertRange(table, lane, data, start, cut);
      await insertRange(table, lane, data, cut, end);
    }
  };

  if (rows.data.length > 0) await insertRange(tables.rows, "rows", rows.data, 0, rows.data.length);
  if (quarantine.data.length > 0 && tables.quarantine) await insertRange(tables.quarantine, "quarantine", quarantine.data, 0, quarantine.data.length);
  return { rows: rows.rows, quarantined: tables.quarantine ? quarantine.rows : 0, refused, dropped, tornBytes };
}
