/**
 * The cluster deploy that cluster-deploy.test.ts checks and scripts/update-cluster-ddl.ts
 * writes out for review: the kit plus a few datasources it lacks (a Null source, a view
 * target without tenant_id, a Replacing table without tenant_id) deployed fresh, then
 * upgraded (a new column, retention's TTL), then with the extras removed, all through the
 * recording stand-in for a cluster's node (test/helpers/clickhouse-http-server.ts).
 */
import { readFileSync } from "node:fs";
import { ClickHouseEngine } from "../../src/engine/clickhouse-engine.ts";
import { deployProject } from "../../src/engine/deploy.ts";
import { loadProject } from "../../src/project/load-project.ts";
import { makeProject, type Datasource, type Pipe, type Project } from "../../src/project/model.ts";
import { applyRetention } from "../../src/project/retention.ts";
import { startClickHouseHttp } from "../helpers/clickhouse-http.ts";

export const CLUSTER = "aviary_cluster";

export interface Statement {
  readonly sql: string;
  readonly settings: Readonly<Record<string, string>>;
}

export interface ClusterRun {
  readonly fresh: readonly Statement[];
  readonly upgrade: readonly Statement[];
  readonly removal: readonly Statement[];
}

const loc = { file: "test/engine/cluster-scenario.ts" };
const datasource = (name: string, columns: Datasource["columns"], engine: Datasource["engine"]): Datasource => ({ kind: "datasource", name, columns, engine, tokens: [], loc });

const EXTRAS: readonly Datasource[] = [
  datasource("raw_hits", [{ name: "path", type: "String" }, { name: "at", type: "DateTime" }], { type: "Null" }),
  datasource("hits_by_path", [{ name: "path", type: "String" }, { name: "hits", type: "AggregateFunction(count)" }], { type: "AggregatingMergeTree", sortingKey: "path" }),
  datasource("plain_log", [{ name: "path", type: "String", codec: "ZSTD(3)" }, { name: "at", type: "DateTime" }], { type: "ReplacingMergeTree", ver: "at", partitionKey: "toYYYYMM(at)", sortingKey: "path, at" }),
];
const EXTRA_VIEW: Pipe = {
  kind: "pipe",
  name: "hits_by_path_view",
  type: "materialized",
  targetDatasource: "hits_by_path",
  nodes: [{ name: "per_path", sql: "SELECT path, countState() AS hits FROM raw_hits GROUP BY path", loc }],
  tokens: [],
  params: [],
  loc,
};

function withExtras(kit: Project): Project {
  return makeProject(kit.source, [...kit.datasources.values(), ...EXTRAS], [...kit.pipes.values(), EXTRA_VIEW]);
}

/** The kit's landing table with one more column (and a codec the Distributed table must not get). */
function upgraded(project: Project): Project {
  const events = project.datasources.get("analytics_events")!;
  const grown = { ...events, columns: [...events.columns, { name: "channel", type: "LowCardinality(String)", defaultExpr: "''", codec: "ZSTD(1)", jsonPath: "$.channel" }] };
  return applyRetention(makeProject(project.source, [...project.datasources.values()].map((ds) => (ds.name === events.name ? grown : ds)), [...project.pipes.values()]), 30).project;
}

export async function runClusterScenario(): Promise<ClusterRun> {
  const kit = await loadProject("kit/index.ts");
  const http = await startClickHouseHttp({ cluster: true });
  const engine = await ClickHouseEngine.open(http.url, "aviary", CLUSTER);
  try {
    const since = async (count: number) => (await http.recorded()).slice(count);
    await deployProject(engine, withExtras(kit), { cluster: CLUSTER });
    const fresh = await since(0);
    await deployProject(engine, upgraded(withExtras(kit)), { cluster: CLUSTER });
    const upgrade = await since(fresh.length);
    await deployProject(engine, upgraded(kit), { cluster: CLUSTER, allowDestructive: true });
    const removal = await since(fresh.length + upgrade.length);
    return { fresh, upgrade, removal };
  } finally {
    await engine.close();
    await http.stop();
  }
}

/** Statements ON CLUSTER, by kind; deploy's own record (`_aviary_resources`) is node-local for now. */
export const KINDS = {
  database: /^CREATE DATABASE /,
  "local-tables": /^CREATE TABLE IF NOT EXISTS `\w+_local` ON CLUSTER/,
  "distributed-tables": /^CREATE TABLE IF NOT EXISTS `\w+` ON CLUSTER [^\n]*\n[\s\S]*\nENGINE = Distributed\(/,
  views: /^(DROP VIEW|CREATE MATERIALIZED VIEW) /,
  changes: /^ALTER TABLE /,
  drops: /^DROP TABLE /,
} as const;

export type Kind = keyof typeof KINDS;

export const EXPECTED_DIR = new URL("./expected/cluster-ddl/", import.meta.url);

export function kindOf(sql: string): Kind | undefined {
  return (Object.keys(KINDS) as Kind[]).find((kind) => KINDS[kind].test(sql));
}

/** One file per kind: each phase's statements of that kind, in the order deploy sent them. */
export function expectedText(run: ClusterRun, kind: Kind): string {
  return (["fresh", "upgrade", "removal"] as const)
    .map((phase) => [`-- ${phase}`, ...run[phase].filter((s) => kindOf(s.sql) === kind).map((s) => `${s.sql};`)].join("\n\n"))
    .join("\n\n") + "\n";
}

export function readExpected(kind: Kind): string {
  return readFileSync(new URL(`${kind}.sql`, EXPECTED_DIR), "utf8");
}
