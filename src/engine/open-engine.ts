import { join } from "node:path";
import type { Logger } from "pino";
import { repairDeduplicationLogs } from "./chdb-dedup-log.ts";
import { ChdbEngine } from "./chdb-engine.ts";
import { ClickHouseEngine } from "./clickhouse-engine.ts";
import type { Engine } from "./engine.ts";

export interface EngineConfig {
  /** Where chdb keeps its data; unused with a ClickHouse URL. */
  readonly dataDir: string;
  readonly clickhouseUrl?: string;
  /** Cluster mode (only with a ClickHouse URL). */
  readonly clickhouseCluster?: string;
  readonly database: string;
}

/** Where the embedded engine keeps its files in a data directory: there once a server has started on it. */
export const chdbDir = (dataDir: string): string => join(dataDir, "chdb");

export function openEngine(config: EngineConfig, logger?: Pick<Logger, "warn">): Promise<Engine> {
  if (config.clickhouseUrl) return ClickHouseEngine.open(config.clickhouseUrl, config.database, config.clickhouseCluster);
  const dir = chdbDir(config.dataDir);
  for (const { table, dropped } of repairDeduplicationLogs(dir)) {
    logger?.warn({ table, dropped }, "dropped deduplication records of blocks a crash left unwritten; the write-ahead log inserts them again");
  }
  return ChdbEngine.open(dir, config.database);
}
