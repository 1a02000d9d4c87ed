import { join } from "node:path";
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

export function openEngine(config: EngineConfig): Promise<Engine> {
  return config.clickhouseUrl
    ? ClickHouseEngine.open(config.clickhouseUrl, config.database, config.clickhouseCluster)
    : ChdbEngine.open(join(config.dataDir, "chdb"), config.database);
}
