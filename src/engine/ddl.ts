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

/** `ENGINE = …` with its keys; `extraSettings` are Aviary's own (e.g. the dedup window). */
export function engineClause(spec: EngineSpec, extraSettings: readonly string[] = []): string {
  if (spec.type === "Null") return "ENGINE = Null";
  const lines = [`ENGINE = ${spec.type}(${engineArgs(spec)})`];
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

export function createTableSql(ds: Datasource, columns: readonly Column[] = ds.columns): string {
  const extra = ds.engine.type === "Null" ? [] : [DEDUP_SETTING];
  const definitions = [...columns.map(columnDefinition), ...(ds.indexes ?? []).map(indexDefinition)];
  return `CREATE TABLE ${quoteIdent(ds.name)}\n(\n  ${definitions.join(",\n  ")}\n)\n${engineClause(ds.engine, extra)}`;
}

export function quarantineTableName(datasource: string): string {
  return `${datasource}_quarantine`;
}

/** Rows that did not fit: every original value as a string, plus why. */
export function createQuarantineSql(ds: Datasource): string {
  const columns = [
    ...ds.columns.map((c) => `${quoteIdent(c.name)} Nullable(String)`),
    "`c__error_column` Array(String)",
    "`c__error` Array(String)",
    "`c__import_id` Nullable(String)",
    "`insertion_date` DateTime DEFAULT now()",
  ];
  // Quarantined rows carry insert tokens too, so a replayed log never doubles them either.
  return `CREATE TABLE ${quoteIdent(quarantineTableName(ds.name))}\n(\n  ${columns.join(",\n  ")}\n)\nENGINE = MergeTree\nPARTITION BY toYYYYMM(insertion_date)\nORDER BY insertion_date\nSETTINGS ${DEDUP_SETTING}`;
}

export function createMaterializedViewSql(name: string, target: string, selectSql: string): string {
  return `CREATE MATERIALIZED VIEW ${quoteIdent(name)} TO ${quoteIdent(target)}\nAS ${selectSql}`;
}
