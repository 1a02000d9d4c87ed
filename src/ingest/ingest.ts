/**
 * The Events API core: parse → check → write-ahead log → acknowledge → flush. Knows
 * nothing of HTTP; the route hands it a body and gets counts or a catalogue error.
 * Opening it replays what a previous run left in the log, so it must be opened
 * before the server takes requests.
 */
import type { Logger } from "pino";
import { errors } from "../errors.ts";
import type { Metrics } from "../api/metrics.ts";
import type { Engine } from "../engine/engine.ts";
import type { Datasource, Project } from "../project/model.ts";
import { Backlog } from "./backlog.ts";
import { DatasourceLane, type LaneDeps } from "./datasource-lane.ts";
import { decompress, isBlank, readEvents, type EventSink } from "./decode-body.ts";
import { compileRewrite, type DecidedColumns, type EventRewrite } from "./fixed-columns.ts";
import { placeRewrite, type Place } from "./geo/place-rewrite.ts";
import type { FlushOptions } from "./flusher.ts";
import { tenantsOfRows, type TenantsOfRows } from "./row-tenants.ts";
import { RowBatch, type RowCheck } from "./row-check.ts";
import { FilesystemSync } from "./sync-filesystem.ts";
import { encodeRecord } from "./wal/record.ts";
import { listLogDirectories, walDirectory } from "./wal/segment-files.ts";

export interface IngestDeps {
  readonly dataDir: string;
  readonly engine: Engine;
  /** The project at start; datasources of later builds get their lanes on first use. */
  readonly project: Project;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly options: FlushOptions & { readonly maxBacklogRows: number };
  /** After rows are in ClickHouse: the datasource, and the tenants of its rows where the datasource has a `tenant_id` (undefined: not known). */
  readonly onWritten?: (datasource: string, tenants?: ReadonlySet<string>) => void;
}

export interface EventsRequest {
  readonly datasource: Datasource;
  readonly body: Buffer;
  readonly contentEncoding?: string;
  /** Answer once the rows are queryable rather than once they are on disk. */
  readonly wait: boolean;
  /** Stored with quarantined rows as `c__import_id`. */
  readonly importId: string;
  /** Columns the caller decides for every row instead of the row itself (a tenant-bound token's). */
  readonly decidedColumns?: DecidedColumns;
  /**
   * The sender's place, written into the rows of a datasource that opts in
   * (`ipGeolocation`); null removes the place a sender wrote itself.
   */
  readonly place?: Place | null;
}

export interface EventsResult {
  readonly successfulRows: number;
  readonly quarantinedRows: number;
}

/** Where a request's events go: rewritten, noted for their tenant, checked into its batch. */
class RequestRows implements EventSink {
  constructor(
    private readonly check: RowCheck,
    private readonly batch: RowBatch,
    private readonly rewrite: EventRewrite | undefined,
    private readonly tenants: TenantsOfRows,
    private readonly backlog: Backlog,
  ) {}

  event(value: unknown): void {
    const row = this.rewrite ? this.rewrite(value) : value;
    this.tenants.add(row);
    this.check.event(row, this.batch);
    this.stopWhenTooMany();
  }

  unreadable(raw: string, reason: string): void {
    this.check.unreadable(raw, reason, this.batch);
    this.stopWhenTooMany();
  }

  private stopWhenTooMany(): void {
    this.backlog.fits(this.batch.rows.count + this.batch.quarantine.count);
  }
}

export class Ingest {
  private readonly lanes = new Map<string, Promise<DatasourceLane>>();
  private closing = false;

  private constructor(
    private readonly laneDeps: LaneDeps,
    private readonly sync: FilesystemSync | undefined,
  ) {}

  static async open(deps: IngestDeps): Promise<Ingest> {
    const { metrics, options } = deps;
    const backlog = new Backlog(options.maxBacklogRows, Math.max(1, Math.ceil(options.flushMs / 1000)), (rows) => metrics.backlogRows.set(rows));
    // chdb keeps its data under the data dir, on the same filesystem as the log. With
    // fsync off, power-loss safety is given up anyway, so the sync is skipped too.
    const sync = deps.engine.kind === "chdb" && options.fsync !== "off" ? new FilesystemSync(deps.dataDir) : undefined;
    const engineSync = sync && (() => sync.after());
    const ingest = new Ingest({ ...deps, backlog, engineSync }, sync);
    for (const ds of deps.project.datasources.values()) if (ds.columns.length > 0) await ingest.laneFor(ds);
    for (const name of await listLogDirectories(deps.dataDir)) {
      if (!ingest.lanes.has(name)) deps.logger.warn({ datasource: name, dir: walDirectory(deps.dataDir, name) }, "write-ahead log of a datasource that is not in the project; replayed if it comes back");
    }
    return ingest;
  }

  async accept(request: EventsRequest): Promise<EventsResult> {
    if (this.closing) throw errors.shuttingDown();
    const { datasource: ds } = request;
    if (ds.columns.length === 0) throw errors.noSchema(ds.name);
    const decide = request.decidedColumns && compileRewrite(ds, request.decidedColumns);
    const locate = request.place !== undefined ? placeRewrite(ds, request.place) : undefined;
    const rewrite = decide && locate ? (v: unknown) => locate(decide(v)) : (decide ?? locate);
    this.laneDeps.backlog.admit();
    const body = await decompress(request.body, request.contentEncoding);
    if (isBlank(body)) throw errors.emptyBody();
    const lane = await this.laneFor(ds);
    const check = lane.checkFor(ds);
    const batch = new RowBatch(request.importId, Math.floor(Date.now() / 1000), body.length);
    const tenants = tenantsOfRows(lane.tenantOf);
    const { rows, quarantine } = batch;
    try {
      await readEvents(body, new RequestRows(check, batch, rewrite, tenants, this.laneDeps.backlog));
      this.laneDeps.backlog.admit(rows.count + quarantine.count);
      const records: Buffer[] = [];
      if (rows.count > 0) records.push(...encodeRecord("rows", rows.count, rows.toBuffer()));
      if (quarantine.count > 0 && lane.hasQuarantine) records.push(...encodeRecord("quarantine", quarantine.count, quarantine.toBuffer()));
      if (records.length > 0) await lane.flusher.append(records, rows.count + quarantine.count, request.wait, tenants.tenants);
    } catch (err) {
      // Not written: a retry must not find its rows taken for repeats.
      lane.recent?.release(batch.keys);
      throw err;
    }
    this.count(ds.name, batch, lane.hasQuarantine);
    // A row dropped as a duplicate counts as successful, so a retried request gets the answer the first one got.
    return { successfulRows: rows.count + batch.duplicates, quarantinedRows: quarantine.count };
  }

  /** Resolves once every event acknowledged so far is in ClickHouse (a backup's starting point). */
  async flush(): Promise<void> {
    const lanes = await Promise.allSettled(this.lanes.values());
    await Promise.all(lanes.map((l) => (l.status === "fulfilled" ? l.value.flusher.flush() : undefined)));
  }

  /** Stops taking events and inserts everything acknowledged. */
  async close(): Promise<void> {
    this.closing = true;
    const lanes = await Promise.allSettled(this.lanes.values());
    await Promise.all(lanes.map((l) => (l.status === "fulfilled" ? l.value.flusher.close() : undefined)));
    this.sync?.close();
  }

  private laneFor(ds: Datasource): Promise<DatasourceLane> {
    let lane = this.lanes.get(ds.name);
    if (!lane) {
      lane = DatasourceLane.open(ds, this.laneDeps);
      this.lanes.set(ds.name, lane);
      // A lane that failed to open (ClickHouse down during its replay) is tried again next time.
      lane.catch(() => this.lanes.delete(ds.name));
    }
    return lane;
  }

  private count(datasource: string, batch: RowBatch, hasQuarantine: boolean): void {
    const counter = this.laneDeps.metrics.ingestRows;
    counter.inc({ datasource, outcome: "accepted" }, batch.rows.count);
    counter.inc({ datasource, outcome: "quarantined" }, batch.quarantine.count);
    if (batch.duplicates > 0) counter.inc({ datasource, outcome: "duplicate" }, batch.duplicates);
    if (batch.quarantine.count > 0 && !hasQuarantine) {
      this.laneDeps.logger.warn({ datasource, rows: batch.quarantine.count }, "rows that did not fit were dropped: this datasource has no quarantine table (no column has a JSONPath)");
    }
  }
}
