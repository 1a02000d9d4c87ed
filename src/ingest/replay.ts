/**
 * Before the server takes requests, segments a previous run left behind (it crashed,
 * or ClickHouse failed while it shut down) are inserted and deleted. Their
 * deduplication tokens are the ones the previous run used, so a segment it had
 * already inserted, wholly or in part, adds no row twice.
 */
import { unlink } from "node:fs/promises";
import type { Logger } from "pino";
import type { Engine } from "../engine/engine.ts";
import { insertSegment, type SegmentTables } from "./insert-segment.ts";
import { listSegments, segmentPath } from "./wal/segment-files.ts";

interface ReplayReport {
  readonly segments: number;
  readonly rows: number;
  readonly quarantined: number;
}

const ATTEMPTS = 5;

export async function replaySegments(engine: Engine, dir: string, tables: SegmentTables, logger: Logger): Promise<ReplayReport> {
  let rows = 0;
  let quarantined = 0;
  const ids = await listSegments(dir);
  for (const id of ids) {
    const path = segmentPath(dir, id);
    for (let attempt = 1; ; attempt++) {
      try {
        const report = await insertSegment(engine, id, path, tables);
        rows += report.rows - report.refused;
        quarantined += report.quarantined + report.refused;
        if (report.tornBytes > 0) logger.warn({ segment: id, bytes: report.tornBytes }, "dropped the unfinished record at the end of a segment (a crash mid-write)");
        for (const line of report.dropped) logger.error({ segment: id, line }, "ClickHouse refused a row and its quarantine; the row is dropped");
        break;
      } catch (err) {
        if (attempt >= ATTEMPTS) throw err;
        logger.warn({ err, segment: id, attempt }, "replaying a write-ahead log segment failed; retrying");
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
    await unlink(path);
  }
  return { segments: ids.length, rows, quarantined };
}
