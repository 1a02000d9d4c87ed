/**
 * Cluster mode's deploy record: `resource:<name>` keys of the shared state (KeeperMap),
 * so every node plans against what any node deployed, whichever server it talks to.
 * One server keeps its `_aviary_resources` table (deploy.ts), which older deploys wrote.
 */
import type { DeployRecord, Resource } from "../engine/deploy.ts";
import type { KeyedState } from "./clickhouse-state.ts";

const PREFIX = "resource:";

export function keyedDeployRecord(state: KeyedState): DeployRecord {
  return {
    load: async () => new Map([...(await state.read(PREFIX)).values()].map((text) => JSON.parse(text) as Resource).map((r) => [r.name, r])),
    save: (name, resource) => state.write([[PREFIX + name, resource ? JSON.stringify(resource) : ""]]),
  };
}
