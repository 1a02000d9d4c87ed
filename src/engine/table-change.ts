/**
 * The changes to a deployed table that ClickHouse makes in place, found by comparing the
 * CREATE TABLE deploy wrote before with the one it writes now (both from ddl.ts): new
 * columns at the end, data-skipping indexes added or removed, and the TTL (retention
 * turned on, off or resized; existing rows are kept or expired by the next merges).
 * Anything else (types, keys, engine) needs the data rewritten.
 */
import type { Column } from "../project/model.ts";
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
    engine: ttl ? engine.slice(0, ttl.index) + engine.slice(ttl.index + ttl[0].length) : engine,
    ...(ttl && { ttl: ttl[1] }),
  };
}

/** `INDEX \`name\` expr …` → `\`name\``. */
const indexName = (line: string): string => /^INDEX (`(?:[^`\\]|\\.)*`)/.exec(line)![1]!;

/**
 * The ALTER statements that turn `before` into `after`, or undefined when that can not be
 * done in place. `columns` are the table's columns now; new ones also go to its quarantine table.
 */
export function inPlaceChanges(before: string, after: string, table: string, columns: readonly Column[]): string[] | undefined {
  const old = partsOf(before);
  const now = partsOf(after);
  if (old.engine !== now.engine || now.columns.length < old.columns.length || old.columns.some((line, i) => now.columns[i] !== line)) return undefined;
  const target = quoteIdent(table);
  const added = columns.slice(old.columns.length);
  const quarantined = columns.some((c) => c.jsonPath !== undefined);
  const dropped = old.indexes.filter((l) => !now.indexes.includes(l));
  const created = now.indexes.filter((l) => !old.indexes.includes(l));
  const sql = [
    ...added.map((c) => `ALTER TABLE ${target} ADD COLUMN IF NOT EXISTS ${columnDefinition(c)}`),
    ...(quarantined ? added.map((c) => `ALTER TABLE ${quoteIdent(quarantineTableName(table))} ADD COLUMN IF NOT EXISTS ${quoteIdent(c.name)} Nullable(String)`) : []),
    ...dropped.map((l) => `ALTER TABLE ${target} DROP INDEX IF EXISTS ${indexName(l)}`),
    // A new index covers new parts only until it is materialized for the rows already there.
    ...created.flatMap((l) => [`ALTER TABLE ${target} ADD ${l.replace(/^INDEX /, "INDEX IF NOT EXISTS ")}`, `ALTER TABLE ${target} MATERIALIZE INDEX ${indexName(l)}`]),
  ];
  if (old.ttl !== now.ttl) sql.push(now.ttl === undefined ? `ALTER TABLE ${target} REMOVE TTL` : `ALTER TABLE ${target} MODIFY TTL ${now.ttl}`);
  return sql.length > 0 ? sql : undefined;
}
