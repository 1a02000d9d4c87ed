/** CREATE statements for the project model. Pure functions from model values to SQL text. */
import type { Column, Datasource, EngineSpec, SkippingIndex } from "../project/model.ts";

export function quoteIdent(name: string): string {
  return `\`${name.replace(/\\/g, "\\\\").replace(/`/g, "\\`")}\``;
}

/** A string literal, backslashes and quotes escaped as ClickHouse reads them. */
export function quoteString(text: string): string {
  return `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

export function columnDefinition(column: Column): string {
  const parts = [quoteIdent(column.name), column.type];
  if (column.defaultExpr !== undefined) parts.push(`DEFAULT ${column.defaultExpr}`);
  if (column.codec !== undefined) parts.push(`CODEC(${column.codec})`);
  return parts.join(" ");
}

/** `INDEX name expr TYPE type GRANULARITY n`, a line of the column list. */
export function indexDefinition(index: SkippingIndex): string {
  const granularity = index.granularity === undefined ? "" : ` GRANULARITY ${index.granularity}`;
  return `INDEX ${quoteIdent(index.name)} ${index.expr} TYPE ${index.type}${granularity}`;
}

function engineArgs(spec: EngineSpec): string {
  switch (spec.type) {
    case "ReplacingMergeTree":
      return [spec.ver, spec.isDeleted].filter((a) => a !== undefined).join(", ");
    case "CollapsingMergeTree":
      return spec.sign ?? "";
    case "VersionedCollapsingMergeTree":
      return [spec.sign, spec.version].filter((a) => a !== undefined).join(", ");
    case "SummingMergeTree":
      return spec.summingColumns ? `(${spec.summingColumns})` : "";
    default:
      return "";
  }
}

/** Where a Replicated engine keeps its parts' log in Keeper, and this replica's name there. */
export interface Replication {
  readonly path: string;
  readonly replica: string;
}

/**
 * `ENGINE = …` with its keys; `extraSettings` are Aviary's own (e.g. the dedup window).
 * With `replication`, the same family's Replicated engine: Keeper path and replica first, then the family's own arguments.
 */
export function engineClause(spec: EngineSpec, extraSettings: readonly string[] = [], replication?: Replication): string {
  if (spec.type === "Null") return "ENGINE = Null";
  const args = replication ? [quoteString(replication.path), quoteString(replication.replica), engineArgs(spec)].filter(Boolean).join(", ") : engineArgs(spec);
  const lines = [`ENGINE = ${replication ? "Replicated" : ""}${spec.type}(${args})`];
  if (spec.partitionKey) lines.push(`PARTITION BY ${spec.partitionKey}`);
  lines.push(`ORDER BY (${spec.sortingKey ?? ""})`);
  if (spec.primaryKey) lines.push(`PRIMARY KEY (${spec.primaryKey})`);
  if (spec.samplingKey) lines.push(`SAMPLE BY ${spec.samplingKey}`);
  if (spec.ttl) lines.push(`TTL ${spec.ttl}`);
  const settings = [spec.settings, ...extraSettings].filter((s): s is string => Boolean(s));
  if (settings.length > 0) lines.push(`SETTINGS ${settings.join(", ")}`);
  return lines.join("\n");
}

/** Landing tables keep a window of insert tokens so a replayed write-ahead log never doubles rows. */
export const DEDUP_SETTING = "non_replicated_deduplication_window = 10000";

/** The one shape of CREATE TABLE that table-change.ts reads back: `head` is the quoted name and anything after it (ON CLUSTER). */
export function tableSql(head: string, definitions: readonly string[], engine: string): string {
  return `CREATE TABLE ${head}\n(\n  ${definitions.join(",\n  ")}\n)\n${engine}`;
}

/** Columns, then data-skipping indexes. */
export function tableDefinitions(ds: Datasource, columns: readonly Column[]): string[] {
  return [...columns.map(columnDefinition), ...(ds.indexes ?? []).map(indexDefinition)];
}

export function createTableSql(ds: Datasource, columns: readonly Column[] = ds.columns): string {
  const extra = ds.engine.type === "Null" ? [] : [DEDUP_SETTING];
  return tableSql(quoteIdent(ds.name), tableDefinitions(ds, columns), engineClause(ds.engine, extra));
}

export function quarantineTableName(datasource: string): string {
  return `${datasource}_quarantine`;
}

/** Rows that did not fit: every original value as a string, plus why. */
export function quarantineColumns(ds: Datasource): string[] {
  return [
    ...ds.columns.map((c) => `${quoteIdent(c.name)} Nullable(String)`),
    "`c__error_column` Array(String)",
    "`c__error` Array(String)",
    "`c__import_id` Nullable(String)",
    "`insertion_date` DateTime DEFAULT now()",
  ];
}

/** The quarantine's keys, after `ENGINE = <MergeTree or its Replicated form>`. */
export const QUARANTINE_KEYS = "PARTITION BY toYYYYMM(insertion_date)\nORDER BY insertion_date";

export function createQuarantineSql(ds: Datasource): string {
  // Quarantined rows carry insert tokens too, so a replayed log never doubles them either.
  return tableSql(quoteIdent(quarantineTableName(ds.name)), quarantineColumns(ds), `ENGINE = MergeTree\n${QUARANTINE_KEYS}\nSETTINGS ${DEDUP_SETTING}`);
}

/** `onCluster` (` ON CLUSTER \`c\``) goes after the view's name in a cluster. */
export function createMaterializedViewSql(name: string, target: string, selectSql: string, onCluster = ""): string {
  return `CREATE MATERIALIZED VIEW ${quoteIdent(name)}${onCluster} TO ${quoteIdent(target)}\nAS ${selectSql}`;
}
