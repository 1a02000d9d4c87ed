/**
 * State in ClickHouse, for a server engine: every Aviary node in front of the same
 * ClickHouse reads one workspace, one set of static tokens, one deployed version, and
 * takes turns to deploy (deploy-lease.ts). Keyed rows in `_aviary_state` are read as the
 * latest value per key (argMax), which the MergeTree and KeeperMap forms both answer.
 */
import { randomUUID } from "node:crypto";
import { withAdminToken, newWorkspace, type Workspace } from "../auth/workspace.ts";
import { quoteString } from "../engine/ddl.ts";
import { execute, queryRows, type Engine } from "../engine/engine.ts";
import type { DatafileInput } from "../project/load-datafiles.ts";
import { withDeployLease } from "./deploy-lease.ts";
import type { StateStore } from "./state-store.ts";
import { BUILDS_TABLE, STATE_TABLE, stateTablesSql } from "./state-tables.ts";
import { ClickHouseTokens } from "./clickhouse-tokens.ts";
import { keyedDeployRecord } from "./keyed-deploy-record.ts";
import { sharedRunOnce } from "./run-once.ts";
import { clickhouseWriteHolds } from "./write-holds.ts";
import { newDaySalt, type DaySalt } from "./visitor-salt.ts";

/** `retention:<tenant>` keys hold a tenant's days kept. */
const RETENTION_PREFIX = "retention:";
/** The day's salt of visitor ids, as a DaySalt: one key, so the next day's replaces it. */
const VISITOR_SALT_KEY = "visitor_salt";

export interface KeyedState {
  /** Latest value of every key starting with `prefix`, removed ones ('') left out. */
  read(prefix: string): Promise<Map<string, string>>;
  write(entries: readonly (readonly [string, string])[]): Promise<void>;
}

export function keyedState(engine: Engine): KeyedState {
  return {
    read: async (prefix) => {
      const rows = await queryRows<{ key: string; value: string }>(
        engine,
        `SELECT key, argMax(value, updated_at) AS value FROM ${STATE_TABLE} WHERE startsWith(key, ${quoteString(prefix)}) GROUP BY key HAVING value != '' ORDER BY key`,
      );
      return new Map(rows.map((r) => [r.key, r.value]));
    },
    write: async (entries) => {
      if (entries.length === 0) return;
      await execute(engine, `INSERT INTO ${STATE_TABLE} (key, value) VALUES ${entries.map(([k, v]) => `(${quoteString(k)}, ${quoteString(v)})`).join(", ")}`);
    },
  };
}

/** Creates the state tables (first thing on a server) and returns the store; `engine` stays the caller's to close. */
export async function clickhouseState(engine: Engine, cluster: string | undefined): Promise<StateStore> {
  for (const sql of stateTablesSql(engine.database, cluster)) await execute(engine, sql);
  const keyed = keyedState(engine);
  const tokens = new ClickHouseTokens(keyed);
  const readWorkspace = async () => {
    const text = (await keyed.read("workspace")).get("workspace");
    return text === undefined ? undefined : (JSON.parse(text) as Workspace);
  };
  return {
    kind: "clickhouse",
    readWorkspace,
    openWorkspace: async (fixedAdminToken) => {
      const existing = await readWorkspace();
      if (existing) return { workspace: withAdminToken(existing, fixedAdminToken), created: false };
      const workspace = newWorkspace(fixedAdminToken);
      await keyed.write([["workspace", JSON.stringify(workspace)]]);
      return { workspace, created: true };
    },
    tokens,
    saveBuild: (files) => execute(engine, `INSERT INTO ${BUILDS_TABLE} (id, files) VALUES (${quoteString(randomUUID())}, ${quoteString(JSON.stringify(files))})`),
    latestBuild: async () => {
      const [row] = await queryRows<{ files: string }>(engine, `SELECT files FROM ${BUILDS_TABLE} ORDER BY built_at DESC LIMIT 1`);
      return row === undefined ? undefined : (JSON.parse(row.files) as DatafileInput[]);
    },
    exclusive: (work) => withDeployLease(engine, cluster, work),
    runOnce: sharedRunOnce(engine, cluster, keyed),
    tenantRetention: async () => Object.fromEntries([...(await keyed.read(RETENTION_PREFIX))].map(([key, days]) => [key.slice(RETENTION_PREFIX.length), Number(days)])),
    // '' removes the key (keyed.read leaves it out).
    setTenantRetention: (tenant, days) => keyed.write([[`${RETENTION_PREFIX}${tenant}`, days > 0 ? String(days) : ""]]),
    visitorSalt: async (day) => {
      const stored = async () => {
        const text = (await keyed.read(VISITOR_SALT_KEY)).get(VISITOR_SALT_KEY);
        return text === undefined ? undefined : (JSON.parse(text) as DaySalt);
      };
      const current = await stored();
      if (current?.day === day) return current.salt;
      const fresh = newDaySalt(day);
      await keyed.write([[VISITOR_SALT_KEY, JSON.stringify(fresh)]]);
      // Two nodes starting a day together each write one; both then use the latest written
      // (and visitor-ids.ts reads it again within a minute, should one have read before the other wrote).
      const latest = await stored();
      // Merged now, so the day before's salt leaves the disk within minutes, not at some later merge
      // (KeeperMap, in a cluster, replaces the key in place).
      if (cluster === undefined) await execute(engine, `OPTIMIZE TABLE ${STATE_TABLE} FINAL`);
      return latest?.day === day ? latest.salt : fresh.salt;
    },
    deployedVersion: async () => (await keyed.read("deployed_version")).get("deployed_version"),
    recordDeployedVersion: (version) => keyed.write([["deployed_version", version]]),
    startedVersion: async () => (await keyed.read("started_version")).get("started_version"),
    recordStartedVersion: (version) => keyed.write([["started_version", version]]),
    // In a cluster the record is shared like the rest; one server keeps the table older deploys wrote.
    writeHolds: cluster === undefined ? clickhouseWriteHolds(engine) : undefined,
    deployRecord: cluster === undefined ? undefined : keyedDeployRecord(keyed),
    close: async () => tokens.close(),
  };
}
