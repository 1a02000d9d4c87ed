/**
 * The in-memory project model. Every front door (datafiles, TypeScript definitions,
 * `POST /v1/build`) produces this shape; nothing downstream knows where it came from.
 * All values are plain data so a project can be compared, hashed and frozen.
 */

/** Where a definition came from, for error messages (`kit/pipes/kpis.ts:12`). */
export interface SourceLocation {
  readonly file: string;
  readonly line?: number;
}

export interface Column {
  readonly name: string;
  /** A ClickHouse type as written, e.g. `LowCardinality(Nullable(String))`. */
  readonly type: string;
  /** JSONPath the Events API reads the column from; `$.name` when not given. */
  readonly jsonPath?: string;
  /** SQL expression used when the value is missing (`DEFAULT ''`). */
  readonly defaultExpr?: string;
  readonly codec?: string;
  readonly loc?: SourceLocation;
}

export type EngineType =
  | "MergeTree"
  | "ReplacingMergeTree"
  | "SummingMergeTree"
  | "AggregatingMergeTree"
  | "CollapsingMergeTree"
  | "VersionedCollapsingMergeTree"
  | "Null";

export interface EngineSpec {
  readonly type: EngineType;
  readonly partitionKey?: string;
  readonly sortingKey?: string;
  readonly primaryKey?: string;
  readonly ttl?: string;
  /** `key = value, …` exactly as it goes after SETTINGS. */
  readonly settings?: string;
  readonly ver?: string;
  readonly isDeleted?: string;
  readonly sign?: string;
  readonly version?: string;
  readonly summingColumns?: string;
  /** SAMPLE BY: an expression of the sorting key. */
  readonly samplingKey?: string;
}

/** A data-skipping index: `INDEX name expr TYPE type GRANULARITY n`. */
export interface SkippingIndex {
  readonly name: string;
  readonly expr: string;
  /** `minmax`, `set(100)`, `bloom_filter(0.01)`, … as written. */
  readonly type: string;
  readonly granularity?: number;
}

/**
 * A Tinybird connector a datafile declares: an import into a datasource (Kafka, S3, GCS,
 * BigQuery, Snowflake, DynamoDB) or a sink's export. Aviary runs none of them; the
 * model keeps which one it was so deploy can say so.
 */
export interface Connector {
  /** `kafka`, `s3`, `dynamodb`, … as declared or told by its settings. */
  readonly service: string;
  readonly connection?: string;
}

export type TokenPermission = "READ" | "APPEND";

/** `TOKEN "tracker" APPEND` on a datasource, `TOKEN "dashboard" READ` on a pipe. */
export interface TokenGrant {
  readonly name: string;
  readonly permission: TokenPermission;
}

/**
 * Aviary's extension: the Events API writes the visitor's `country`, `region` and `city`,
 * looked up from the request's address, into this JSON column of each row (of the rows
 * whose `where` columns hold the given values, when set).
 */
export interface IpGeolocation {
  readonly column: string;
  readonly where?: Readonly<Record<string, string>>;
}

export interface Datasource {
  readonly kind: "datasource";
  readonly name: string;
  readonly description?: string;
  /**
   * Empty when the definition leaves the schema to the materialized view that fills it
   * (the seed's `defineDatasource("analytics_pages_mv", { engine })`); deploy then takes
   * the columns from that view's query.
   */
  readonly columns: readonly Column[];
  readonly engine: EngineSpec;
  readonly tokens: readonly TokenGrant[];
  /** Optional per-event dedupe: the Events API drops rows whose key it has already accepted. */
  readonly dedupeKey?: string;
  readonly ipGeolocation?: IpGeolocation;
  /**
   * A DateTime64 column the Events API sets to the time of the write for every sender but
   * the admin: versioned rows (the kit's goals) then date each version by when it was
   * written, and a tenant cannot back-date one to rewrite how its past was counted.
   */
  readonly writeTime?: string;
  /**
   * A String column the Events API sets to the sender's visitor id of the day for every
   * sender but the admin (src/ingest/visitor-ids.ts): a hash of the day's salt, the page's
   * site, the client's address and user agent, never the address itself.
   */
  readonly visitorId?: string;
  readonly indexes?: readonly SkippingIndex[];
  /** Set when Tinybird would fill the table from a connector; here the APIs fill it. */
  readonly connector?: Connector;
  /** Tinybird's resource tags (`TAGS "a", "b"`), listed by the APIs. */
  readonly tags?: readonly string[];
  readonly loc: SourceLocation;
}

export interface PipeNode {
  readonly name: string;
  readonly sql: string;
  readonly description?: string;
  readonly loc: SourceLocation;
  /** Line in `loc.file` where the SQL's first line sits, so issues can point inside it. */
  readonly sqlLine?: number;
}

export type PipeType = "endpoint" | "materialized" | "copy" | "sink" | "default";

/** Parameter metadata declared outside the SQL (TypeScript `params`). */
export interface ParamDecl {
  readonly name: string;
  /** Template type name: String, Int32, Date, Array, … */
  readonly type: string;
  readonly required: boolean;
  readonly default?: unknown;
  readonly description?: string;
}

export interface OutputColumn {
  readonly name: string;
  readonly type: string;
}

export interface Pipe {
  readonly kind: "pipe";
  readonly name: string;
  readonly description?: string;
  readonly nodes: readonly PipeNode[];
  readonly type: PipeType;
  /** The datasource a materialized or copy pipe writes into. */
  readonly targetDatasource?: string;
  readonly copyMode?: "append" | "replace";
  readonly copySchedule?: string;
  readonly tokens: readonly TokenGrant[];
  readonly params: readonly ParamDecl[];
  /** Declared output; when absent it is taken from the deployed query. */
  readonly output?: readonly OutputColumn[];
  /** Where a sink would export to (`TYPE sink`); it exports nothing here. */
  readonly sink?: Connector;
  /**
   * An endpoint's results are served from the result cache for this long (src/query/result-cache.ts),
   * per final statement: datafile `CACHE <seconds>`, the SDK's `endpoint: { cache: { enabled, ttl } }`.
   */
  readonly cacheSeconds?: number;
  /** ClickHouse settings of every statement of the endpoint (`aviary/schema`'s `defineEndpoint({ settings })`). */
  readonly settings?: Readonly<Record<string, string | number>>;
  readonly tags?: readonly string[];
  readonly loc: SourceLocation;
}

export interface Project {
  readonly datasources: ReadonlyMap<string, Datasource>;
  readonly pipes: ReadonlyMap<string, Pipe>;
  /** What the project was loaded from, for messages. */
  readonly source: string;
}

/** A problem found while loading or validating a project, with where it is. */
export interface ProjectIssue {
  readonly loc: SourceLocation;
  readonly message: string;
}

export function formatIssue(issue: ProjectIssue): string {
  const where = issue.loc.line === undefined ? issue.loc.file : `${issue.loc.file}:${issue.loc.line}`;
  return `${where}: ${issue.message}`;
}

/** Thrown when a project cannot be loaded; carries every issue found, not just the first. */
export class ProjectError extends Error {
  readonly issues: readonly ProjectIssue[];
  constructor(issues: readonly ProjectIssue[]) {
    super(issues.map(formatIssue).join("\n"));
    this.name = "ProjectError";
    this.issues = issues;
  }
}

export function makeProject(source: string, datasources: readonly Datasource[], pipes: readonly Pipe[]): Project {
  return Object.freeze({
    source,
    datasources: new Map(datasources.map((d) => [d.name, d])),
    pipes: new Map(pipes.map((p) => [p.name, p])),
  });
}
