/**
 * The changes to a deployed table that ClickHouse makes in place, found by comparing the
 * CREATE TABLE deploy wrote before with the one it writes now (both from ddl.ts): new
 * columns at the end, data-skipping indexes added or removed, and the TTL (retention
 * turned on, off or resized; existing rows are kept or expired by the next merges).
 * Anything else (types, keys, engine) needs the data rewritten. In a cluster the CREATE is
 * the shard-local table's; new columns go to it and then to the Distributed table (which
 * must never name a column the shards lack), indexes and TTL to the shard-local table only.
 */
import type { Column } from "../project/model.ts";
import { localTableName, onCluster, type ClusterTarget } from "./cluster-ddl.ts";
import { columnDefinition, quarantineTableName, quoteIdent } from "./ddl.ts";

interface TableParts {
  readonly columns: readonly string[];
  readonly indexes: readonly string[];
  /** The engine clause without its TTL line. */
  readonly engine: string;
  readonly ttl?: string;
}

function partsOf(ddl: string): TableParts {
  const open = ddl.indexOf("\n(\n");
  const close = ddl.indexOf("\n)\n");
  const lines = ddl.slice(open + 3, close).split(",\n").map((l) => l.trim());
  const engine = ddl.slice(close + 3);
  // engineClause writes the TTL on a line of its own, before SETTINGS.
  const ttl = /\nTTL ([\s\S]*?)(?=\nSETTINGS |$)/.exec(engine);
  return {
    columns: lines.filter((l) => !l.startsWith("INDEX ")),
    indexes: lines.filter((l) => l.startsWith("INDEX ")),
    engine: sameSettingsSpacing(ttl ? engine.slice(0, ttl.index) + engine.slice(ttl.index + ttl[0].length) : engine),
    ...(ttl && { ttl: ttl[1] }),
  };
}

/**
 * The SETTINGS line as `k = v, k = v`: a `.datasource` file writes `index_granularity=1024`
 * (as the SDK's generator does) where a TypeScript project gives `index_granularity = 1024`;
 * the same table either way, not a change that needs the data rewritten.
 */
function sameSettingsSpacing(engine: string): string {
  return engine.replace(/\nSETTINGS (.*)$/, (_line, list: string) => `\nSETTINGS ${list.replace(/\s*=\s*/g, " = ").replace(/\s*,\s*/g, ", ")}`);
}

/** `INDEX \`name\` expr …` → `\`name\``. */
const indexName = (line: string): string => /^INDEX (`(?:[^`\\]|\\.)*`)/.exec(line)![1]!;

interface AlterHeads {
  /** `ALTER TABLE …` of the table that holds the rows. */
  readonly data: string;
  /** The tables a new column goes to, in order; a Distributed one (`stores: false`) takes no codec. */
  readonly withColumns: readonly { readonly head: string; readonly stores: boolean }[];
}

function alterHeads(table: string, cluster: ClusterTarget | undefined): AlterHeads {
  const head = (name: string) => `ALTER TABLE ${quoteIdent(name)}${cluster ? onCluster(cluster) : ""}`;
  if (!cluster) return { data: head(table), withColumns: [{ head: head(table), stores: true }] };
  return { data: head(localTableName(table)), withColumns: [{ head: head(localTableName(table)), stores: true }, { head: head(table), stores: false }] };
}

/**
 * The ALTER statements that turn `before` into `after`, or undefined when that can not be
 * done in place. `columns` are the table's columns now; new ones also go to its quarantine table.
 */
export function inPlaceChanges(before: string, after: string, table: string, columns: readonly Column[], cluster?: ClusterTarget): string[] | undefined {
  const old = partsOf(before);
  const now = partsOf(after);
  if (old.engine !== now.engine || now.columns.length < old.columns.length || old.columns.some((line, i) => now.columns[i] !== line)) return undefined;
  const target = alterHeads(table, cluster);
  const quarantine = alterHeads(quarantineTableName(table), cluster).withColumns;
  const added = columns.slice(old.columns.length);
  const quarantined = columns.some((c) => c.jsonPath !== undefined);
  const dropped = old.indexes.filter((l) => !now.indexes.includes(l));
  const created = now.indexes.filter((l) => !old.indexes.includes(l));
  const sql = [
    ...target.withColumns.flatMap(({ head, stores }) => added.map((c) => `${head} ADD COLUMN IF NOT EXISTS ${columnDefinition(stores ? c : { ...c, codec: undefined })}`)),
    ...(quarantined ? quarantine.flatMap(({ head }) => added.map((c) => `${head} ADD COLUMN IF NOT EXISTS ${quoteIdent(c.name)} Nullable(String)`)) : []),
    ...dropped.map((l) => `${target.data} DROP INDEX IF EXISTS ${indexName(l)}`),
    // A new index covers new parts only until it is materialized for the rows already there.
    ...created.flatMap((l) => [`${target.data} ADD ${l.replace(/^INDEX /, "INDEX IF NOT EXISTS ")}`, `${target.data} MATERIALIZE INDEX ${indexName(l)}`]),
  ];
  if (old.ttl !== now.ttl) sql.push(now.ttl === undefined ? `${target.data} REMOVE TTL` : `${target.data} MODIFY TTL ${now.ttl}`);
  // None at all: the texts differ only in spacing (the record then takes the new text).
  return sql;
}
