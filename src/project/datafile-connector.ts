/**
 * Connector settings in datafiles. A datasource's KAFKA_* or IMPORT_* keys say Tinybird
 * fills it from Kafka, S3, GCS, BigQuery, Snowflake or DynamoDB; a sink pipe's EXPORT_*
 * keys say where Tinybird exports it. Aviary connects to none of them: the datasource is
 * an ordinary table that the Events and Data Sources APIs fill, the sink an ordinary
 * pipe, and the load names every inactive connector in one note. Keys with these
 * prefixes that Tinybird does not know either stay errors.
 */
import type { Column, Connector, Datasource, Pipe, ProjectIssue } from "./model.ts";
import { didYouMean } from "./datafile-names.ts";

const KAFKA = ["CONNECTION_NAME", "TOPIC", "GROUP_ID", "AUTO_OFFSET_RESET", "STORE_RAW_VALUE", "STORE_HEADERS", "STORE_BINARY_HEADERS", "KEY_FORMAT", "VALUE_FORMAT"]
  // Older projects also kept the connection itself in the datasource or an .incl.
  .concat(["TARGET_PARTITIONS", "KEY_AVRO_DESERIALIZATION", "BOOTSTRAP_SERVERS", "KEY", "SECRET", "SCHEMA_REGISTRY_URL", "SSL_CA_PEM", "SASL_MECHANISM", "SECURITY_PROTOCOL"])
  .map((k) => `KAFKA_${k}`);
const IMPORT = ["SERVICE", "CONNECTION_NAME", "SCHEDULE", "STRATEGY", "BUCKET_URI", "FROM_TIMESTAMP", "QUERY", "EXTERNAL_DATASOURCE", "TABLE_ARN", "EXPORT_BUCKET"].map((k) => `IMPORT_${k}`);
const EXPORT = ["SERVICE", "CONNECTION_NAME", "SCHEDULE", "BUCKET_URI", "FILE_TEMPLATE", "FORMAT", "STRATEGY", "COMPRESSION", "WRITE_STRATEGY", "KAFKA_TOPIC"].map((k) => `EXPORT_${k}`);

/** Settings as written, by upper-cased key, values unquoted. */
export type ConnectorSettings = ReadonlyMap<string, string>;

export const isImportKey = (key: string): boolean => /^(KAFKA|IMPORT)_/.test(key);
export const isExportKey = (key: string): boolean => key.startsWith("EXPORT_");

/** Why a KAFKA_/IMPORT_/EXPORT_ keyword is refused, or undefined when Tinybird has it. */
export function connectorKeyProblem(keyword: string): string | undefined {
  const known = isExportKey(keyword.toUpperCase()) ? EXPORT : [...KAFKA, ...IMPORT];
  if (known.includes(keyword.toUpperCase())) return undefined;
  return `unknown connector setting "${keyword}"${didYouMean(keyword, known)}`;
}

function bucketService(uri: string | undefined): string | undefined {
  if (uri === undefined) return undefined;
  return /^s3:/i.test(uri) ? "s3" : /^gs:/i.test(uri) ? "gcs" : undefined;
}

export function importConnector(settings: ConnectorSettings): Connector | undefined {
  if (settings.size === 0) return undefined;
  const kafka = [...settings.keys()].some((k) => k.startsWith("KAFKA_"));
  const service = kafka
    ? "kafka"
    : (settings.get("IMPORT_SERVICE")?.toLowerCase() ?? (settings.has("IMPORT_TABLE_ARN") ? "dynamodb" : (bucketService(settings.get("IMPORT_BUCKET_URI")) ?? "import")));
  const connection = settings.get(kafka ? "KAFKA_CONNECTION_NAME" : "IMPORT_CONNECTION_NAME");
  return { service, ...(connection && { connection }) };
}

export function exportConnector(settings: ConnectorSettings): Connector {
  const service = settings.get("EXPORT_SERVICE")?.toLowerCase() ?? (settings.has("EXPORT_KAFKA_TOPIC") ? "kafka" : (bucketService(settings.get("EXPORT_BUCKET_URI")) ?? "sink"));
  const connection = settings.get("EXPORT_CONNECTION_NAME");
  return { service, ...(connection && { connection }) };
}

// Defaults let rows sent through the APIs leave them out.
const column = (name: string, type: string, defaultExpr: string): Column => ({ name, type, defaultExpr });

/** The columns Tinybird adds to every Kafka datasource, after the SCHEMA's. */
const KAFKA_COLUMNS = [
  column("__topic", "LowCardinality(String)", "''"),
  column("__partition", "Int16", "0"),
  column("__offset", "Int64", "0"),
  column("__timestamp", "DateTime", "now()"),
  column("__key", "String", "''"),
  column("__value", "String", "''"),
];
const KAFKA_HEADERS = column("__headers", "Map(String, String)", "map()");

/** The columns Tinybird adds to every DynamoDB datasource; ENGINE_VER and ENGINE_IS_DELETED name them. */
const DYNAMODB_COLUMNS = [
  column("_event_name", "LowCardinality(String)", "''"),
  column("_timestamp", "DateTime64(3)", "now64(3)"),
  column("_record", "String", "''"),
  column("_is_deleted", "UInt8", "0"),
];

/** Implicit columns the SCHEMA does not declare itself. */
export function implicitColumns(connector: Connector | undefined, settings: ConnectorSettings, declared: readonly Column[]): Column[] {
  const headers = /^true$/i.test(settings.get("KAFKA_STORE_HEADERS") ?? "");
  const implicit = connector?.service === "kafka" ? [...KAFKA_COLUMNS, ...(headers ? [KAFKA_HEADERS] : [])] : connector?.service === "dynamodb" ? DYNAMODB_COLUMNS : [];
  return implicit.filter((c) => !declared.some((d) => d.name === c.name));
}

const describe = (kind: string, name: string, c: Connector): string => `${kind} "${name}" (${c.service}${c.connection ? `, connection "${c.connection}"` : ""})`;

/** One note naming every inactive connector of a project, or none. */
export function inactiveConnectorsNote(datasources: readonly Datasource[], pipes: readonly Pipe[], source: string): ProjectIssue | undefined {
  const named = [
    ...datasources.flatMap((d) => (d.connector ? [describe("datasource", d.name, d.connector)] : [])),
    ...pipes.flatMap((p) => (p.sink ? [describe("sink", p.name, p.sink)] : [])),
  ];
  if (named.length === 0) return undefined;
  return {
    loc: { file: source },
    message:
      `connectors are inactive in Aviary: ${named.join(", ")}. ` +
      "Their datasources are ordinary tables: send rows with the Events API (POST /v0/events) or the Data Sources API; sinks are ordinary pipes and export nothing",
  };
}
