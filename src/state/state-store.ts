/**
 * Everything a server keeps besides the data: the workspace (id, secret, admin token),
 * static tokens, the builds `POST /v1/build` deployed, which project version is deployed,
 * and the lease that lets one node deploy at a time. With the embedded engine it is the
 * data directory's files (one node; file-state.ts); with a ClickHouse server it is a few
 * ClickHouse tables every node reads (clickhouse-state.ts). Nothing else reads or writes it.
 */
import type { Workspace } from "../auth/workspace.ts";
import type { DeployRecord } from "../engine/deploy.ts";
import type { DatafileInput } from "../project/load-datafiles.ts";
import type { RunOnce } from "./run-once.ts";
import type { TokenSource } from "./token-source.ts";
import type { WriteHoldRecord } from "./write-holds.ts";

export interface StateStore {
  readonly kind: "files" | "clickhouse";
  readWorkspace(): Promise<Workspace | undefined>;
  /**
   * The workspace, created on first use (run it inside `exclusive`, so two nodes starting
   * together create one). A fixed admin token replaces the stored one in memory only.
   */
  openWorkspace(fixedAdminToken?: string): Promise<{ workspace: Workspace; created: boolean }>;
  readonly tokens: TokenSource;
  /** Keeps a deployed build's datafiles, replacing the previous build. */
  saveBuild(files: readonly DatafileInput[]): Promise<void>;
  /** The datafiles of the last build any node deployed; undefined where nobody else deploys (one node). */
  latestBuild(): Promise<readonly DatafileInput[] | undefined>;
  /** Runs `work` while this process alone may deploy (a lease other nodes wait for). */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** The project version the last deploy recorded; undefined where none is kept (one node deploys at every start). */
  deployedVersion(): Promise<string | undefined>;
  recordDeployedVersion(version: string): Promise<void>;
  /**
   * The version of the `--project` a node last deployed at start; undefined where none is
   * kept. A build deployed since then outlives a restart with that same project.
   */
  startedVersion(): Promise<string | undefined>;
  recordStartedVersion(version: string): Promise<void>;
  /**
   * Runs `work` for a key's tick unless a node ran that tick or a later one (a copy pipe's
   * scheduled run; run-once.ts). One node just runs it.
   */
  readonly runOnce: RunOnce;
  /** Days each tenant's rows are kept, where `aviary tenant retention` set one (applied at start). */
  tenantRetention(): Promise<Readonly<Record<string, number>>>;
  /** Sets a tenant's days kept; 0 removes its rule. */
  setTenantRetention(tenant: string, days: number): Promise<void>;
  /**
   * The salt of visitor ids for a UTC day (`YYYY-MM-DD`), made on first use and replacing
   * the day before's (visitor-salt.ts). Every node of a server reads one.
   */
  visitorSalt(day: string): Promise<string>;
  /**
   * Where nodes sharing one ClickHouse server pause each other's writes (write-holds.ts);
   * undefined with one node (files), and in cluster mode, which runs no data operation or backup.
   */
  readonly writeHolds?: WriteHoldRecord;
  /** Where deploy records what it created; undefined: the engine's own `_aviary_resources` table. */
  readonly deployRecord?: DeployRecord;
  close(): Promise<void>;
}
