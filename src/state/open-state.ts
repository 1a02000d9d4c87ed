/** Which StateStore a process uses: ClickHouse's tables with a server engine, the data directory's files otherwise. */
import { mkdir } from "node:fs/promises";
import type { Config } from "../config.ts";
import { ClickHouseEngine } from "../engine/clickhouse-engine.ts";
import type { Engine } from "../engine/engine.ts";
import { clickhouseState } from "./clickhouse-state.ts";
import { fileState } from "./file-state.ts";
import { writeStateMarker } from "./state-marker.ts";
import type { StateStore } from "./state-store.ts";

type StateConfig = Pick<Config, "dataDir" | "clickhouseUrl" | "clickhouseCluster" | "database">;

/** A server's store, over the engine it opened. */
export async function serverState(config: StateConfig, engine: Engine): Promise<StateStore> {
  if (engine.kind !== "clickhouse" || !config.clickhouseUrl) return fileState(config.dataDir);
  await mkdir(config.dataDir, { recursive: true });
  await writeStateMarker(config.dataDir, config.clickhouseUrl, config.clickhouseCluster);
  return clickhouseState(engine, config.clickhouseCluster);
}

/** A command's store (`aviary token …`), opening its own connection when state is in ClickHouse; close() closes it. */
export async function commandState(config: StateConfig): Promise<StateStore> {
  if (!config.clickhouseUrl) return fileState(config.dataDir);
  const engine = await ClickHouseEngine.open(config.clickhouseUrl, config.database, config.clickhouseCluster);
  const store = await clickhouseState(engine, config.clickhouseCluster);
  return {
    ...store,
    close: async () => {
      await store.close();
      await engine.close();
    },
  };
}
