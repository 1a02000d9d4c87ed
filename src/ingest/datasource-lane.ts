/**
 * Everything the Events API keeps per datasource: the compiled row check, the recent
 * dedupe keys and the flusher with its write-ahead log directory. Opening a lane
 * first replays what a previous run left in that directory. A new build of the
 * project may replace the datasource; the lane then recompiles its check and keeps
 * its log.
 */
import type { Logger } from "pino";
import type { Metrics } from "../api/metrics.ts";
import { quarantineTableName } from "../engine/ddl.ts";
import type { Engine } from "../engine/engine.ts";
import type { Datasource } from "../project/model.ts";
import type { Backlog } from "./backlog.ts";
import { RecentKeys } from "./dedupe.ts";
import { Flusher, type FlushOptions } from "./flusher.ts";
import { ensureQuarantineDedup } from "./quarantine-table.ts";
import { replaySegments } from "./replay.ts";
import type { Reader } from "./json-path.ts";
import { compileRowCheck, type RowCheck } from "./row-check.ts";
import { tenantReader } from "./row-tenants.ts";
import { ensureDirectory, walDirectory } from "./wal/segment-files.ts";

export interface LaneDeps {
  readonly dataDir: string;
  readonly engine: Engine;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly options: FlushOptions;
  readonly backlog: Backlog;
  readonly engineSync?: () => Promise<void>;
  readonly onWritten?: (datasource: string, tenants?: ReadonlySet<string>) => void;
}

/** How many recent keys a datasource with a dedupe key remembers. */
const DEDUPE_WINDOW = 100_000;

export class DatasourceLane {
  private current: { readonly datasource: Datasource; readonly check: RowCheck; readonly tenantOf: Reader | undefined };
  readonly recent?: RecentKeys;

  private constructor(
    datasource: Datasource,
    readonly flusher: Flusher,
    /** False when the datasource has no quarantine table: rows that do not fit are then only counted. */
    readonly hasQuarantine: boolean,
    /** Whether anyone hears of the tenants written (onWritten); otherwise rows are not read for them. */
    private readonly readsTenants: boolean,
  ) {
    this.recent = datasource.dedupeKey !== undefined ? new RecentKeys(DEDUPE_WINDOW) : undefined;
    this.current = this.compiled(datasource);
  }

  private compiled(datasource: Datasource) {
    return { datasource, check: compileRowCheck(datasource, this.recent), tenantOf: this.readsTenants ? tenantReader(datasource) : undefined };
  }

  /** Reads a row's tenant, for the version of the datasource checkFor last saw. */
  get tenantOf(): Reader | undefined {
    return this.current.tenantOf;
  }

  /** The check for this version of the datasource, recompiled when a new build changed it. */
  checkFor(datasource: Datasource): RowCheck {
    if (this.current.datasource !== datasource) this.current = this.compiled(datasource);
    return this.current.check;
  }

  static async open(ds: Datasource, deps: LaneDeps): Promise<DatasourceLane> {
    const { dataDir, engine, logger, metrics, options, backlog, engineSync, onWritten } = deps;
    const dir = walDirectory(dataDir, ds.name);
    // Deploy creates `<ds>_quarantine` only for datasources read through JSONPaths.
    const quarantine = quarantineTableName(ds.name);
    const hasQuarantine = ds.columns.some((c) => c.jsonPath !== undefined) && (await ensureQuarantineDedup(engine, quarantine));
    const tables = { rows: ds.name, quarantine: hasQuarantine ? quarantine : undefined };
    await ensureDirectory(dir);
    const replayed = await replaySegments(engine, dir, tables, logger);
    if (replayed.segments > 0) {
      logger.info({ datasource: ds.name, ...replayed }, "replayed the write-ahead log");
      onWritten?.(ds.name);
    }
    const flusher = new Flusher({
      engine,
      dir,
      tables,
      options,
      backlog,
      logger,
      engineSync,
      flushed: (report, lags, tenants) => {
        onWritten?.(ds.name, tenants);
        for (const lag of lags) metrics.flushLagSeconds.observe({ datasource: ds.name }, lag);
        for (const line of report.dropped) logger.error({ datasource: ds.name, line }, "ClickHouse refused a row and its quarantine; the row is dropped");
        if (report.refused > 0) logger.warn({ datasource: ds.name, rows: report.refused }, "ClickHouse refused rows that passed the checks; they are in the quarantine");
      },
    });
    return new DatasourceLane(ds, flusher, hasQuarantine, onWritten !== undefined);
  }
}
