/** `.datasource` file → `Datasource`. Syntax only; cross-checks live in validate.ts. */
import type { Column, Datasource, EngineSpec, EngineType, IpGeolocation, ProjectIssue, SkippingIndex, TokenGrant } from "./model.ts";
import { lexDatafile, statementText, type Statement } from "./datafile-lexer.ts";
import { parseSchemaBlock } from "./datafile-schema.ts";
import { parseIndexesBlock } from "./datafile-indexes.ts";
import { parseEngineName } from "./datafile-engine.ts";
import { parseTokenValue } from "./datafile-token.ts";
import { unquote } from "./datafile-names.ts";
import { connectorKeyProblem, implicitColumns, importConnector, isImportKey } from "./datafile-connector.ts";
import { datafileName, INACTIVE, parseTags, unknownKeywordMessage, type DatasourceParseResult } from "./datafile-common.ts";

type EngineField = Exclude<keyof EngineSpec, "type">;

const ENGINE_KEYS: Readonly<Record<string, EngineField>> = {
  ENGINE_PARTITION_KEY: "partitionKey",
  ENGINE_SORTING_KEY: "sortingKey",
  ENGINE_PRIMARY_KEY: "primaryKey",
  ENGINE_SAMPLING_KEY: "samplingKey",
  ENGINE_TTL: "ttl",
  ENGINE_SETTINGS: "settings",
  ENGINE_VER: "ver",
  ENGINE_SIGN: "sign",
  ENGINE_VERSION: "version",
  ENGINE_IS_DELETED: "isDeleted",
  ENGINE_SUMMING_COLUMNS: "summingColumns",
  // Tinybird's API name for the same SummingMergeTree parameter.
  ENGINE_COLUMNS: "summingColumns",
};

/** The un-prefixed names older projects use for the engine keys. */
const OLDER_NAMES: Readonly<Record<string, string>> = {
  SORTING_KEY: "ENGINE_SORTING_KEY",
  KEY: "ENGINE_SORTING_KEY",
  PARTITION_KEY: "ENGINE_PARTITION_KEY",
  PRIMARY_KEY: "ENGINE_PRIMARY_KEY",
  SAMPLING_KEY: "ENGINE_SAMPLING_KEY",
  TTL: "ENGINE_TTL",
};

const IGNORED = ["FORWARD_QUERY", "BACKFILL", "SHARED_WITH", "VERSION"];

// Aviary's own: DEDUPE_KEY (the Events API drops rows whose key it accepted recently),
// IP_GEOLOCATION (a JSON object, as `ipGeolocation` in TypeScript), WRITE_TIME and VISITOR_ID (columns).
const KEYWORDS = new Set(["DESCRIPTION", "TOKEN", "SCHEMA", "INDEXES", "ENGINE", "DEDUPE_KEY", "IP_GEOLOCATION", "WRITE_TIME", "VISITOR_ID", "TAGS", ...Object.keys(ENGINE_KEYS), ...Object.keys(OLDER_NAMES), ...IGNORED]);

/** `IP_GEOLOCATION {"column": "payload", "where": {"action": "page_hit"}}`; a message when it is not that shape. */
function parseIpGeolocation(text: string): IpGeolocation | string {
  const shape = 'IP_GEOLOCATION takes a JSON object: {"column": "payload", "where": {"action": "page_hit"}} (where is optional)';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return shape;
  }
  const spec = value as { column?: unknown; where?: unknown };
  if (typeof value !== "object" || value === null || typeof spec.column !== "string") return shape;
  if (spec.where === undefined) return { column: spec.column };
  if (typeof spec.where !== "object" || spec.where === null || Object.values(spec.where).some((v) => typeof v !== "string")) return shape;
  return { column: spec.column, where: spec.where as Record<string, string> };
}
const isKeyword = (key: string): boolean => KEYWORDS.has(key) || isImportKey(key);

export function parseDatasourceFile(text: string, file: string): DatasourceParseResult {
  const lexed = lexDatafile(text, file, isKeyword);
  const issues: ProjectIssue[] = [...lexed.issues];
  const notes: ProjectIssue[] = [...lexed.notes];
  const issue = (line: number | undefined, message: string): void => void issues.push({ loc: { file, line }, message });
  const note = (line: number, message: string): void => void notes.push({ loc: { file, line }, message });
  const name = datafileName(file);

  const seen = new Map<string, number>();
  let description: string | undefined;
  let dedupeKey: string | undefined;
  let ipGeolocation: IpGeolocation | undefined;
  let writeTime: string | undefined;
  let visitorId: string | undefined;
  let columns: Column[] | undefined;
  let indexes: SkippingIndex[] = [];
  let engineType: EngineType = "MergeTree";
  const engine: { -readonly [K in EngineField]?: string } = {};
  const tokens: TokenGrant[] = [];
  const tags: string[] = [];
  const connectorSettings = new Map<string, string>();

  const handle = (st: Statement): void => {
    const key = OLDER_NAMES[st.key] ?? st.key;
    if (key !== "TOKEN" && key !== "TAGS") {
      const first = seen.get(key);
      if (first !== undefined) return issue(st.line, `${st.keyword} is given twice (first on line ${first})`);
      seen.set(key, st.line);
    }
    if (st.key === "KEY") note(st.line, "KEY is read as ENGINE_SORTING_KEY");
    if (key === "DESCRIPTION") description = unquote(statementText(st));
    else if (key === "DEDUPE_KEY") dedupeKey = unquote(statementText(st));
    else if (key === "WRITE_TIME") writeTime = unquote(statementText(st));
    else if (key === "VISITOR_ID") visitorId = unquote(statementText(st));
    else if (key === "IP_GEOLOCATION") {
      const parsed = parseIpGeolocation(statementText(st));
      if (typeof parsed === "string") return issue(st.line, parsed);
      ipGeolocation = parsed;
    }
    else if (key === "TAGS") tags.push(...parseTags(statementText(st)));
    else if (key === "SCHEMA" || key === "INDEXES") {
      if (st.block === undefined) return issue(st.line, `${key} needs a block: write "${key} >" and list the ${key === "SCHEMA" ? "columns" : "indexes"} on indented lines below`);
      const parsed = key === "SCHEMA" ? parseSchemaBlock(st.block, file) : parseIndexesBlock(st.block, file);
      if ("columns" in parsed) columns = parsed.columns;
      else indexes = parsed.indexes;
      issues.push(...parsed.issues);
    } else if (key === "TOKEN") {
      const token = parseTokenValue(st.value, ["READ", "APPEND"], `datasource "${name}"`);
      if ("error" in token) return issue(st.line, token.error);
      if (token.note !== undefined) note(st.line, token.note);
      if (!tokens.some((t) => t.name === token.grant.name && t.permission === token.grant.permission)) tokens.push(token.grant);
    } else if (key === "ENGINE") {
      const parsed = parseEngineName(statementText(st));
      // On an unknown engine keep MergeTree so later checks still run; the issue already fails the load.
      if (typeof parsed === "object") issue(st.line, parsed.error);
      else engineType = parsed;
    } else if (ENGINE_KEYS[key] !== undefined) {
      const value = unquote(statementText(st));
      // `ENGINE_PARTITION_KEY ""` is how Tinybird files say "no partitioning".
      if (value !== "") engine[ENGINE_KEYS[key]] = value;
    } else if (IGNORED.includes(key)) note(st.line, INACTIVE[key]!);
    else if (isImportKey(key)) {
      const problem = connectorKeyProblem(st.keyword);
      if (problem !== undefined) return issue(st.line, problem);
      connectorSettings.set(key, unquote(statementText(st)));
    } else issue(st.line, unknownKeywordMessage(st.keyword, ".datasource"));
  };
  lexed.statements.forEach(handle);

  if (columns === undefined && !seen.has("SCHEMA")) {
    issue(undefined, 'missing SCHEMA: a .datasource file needs a "SCHEMA >" block listing its columns');
  }
  const connector = importConnector(connectorSettings);
  const declared = columns ?? [];
  const datasource: Datasource = {
    kind: "datasource",
    name,
    ...(description !== undefined && { description }),
    columns: [...declared, ...implicitColumns(connector, connectorSettings, declared)],
    engine: { type: engineType, ...engine },
    tokens,
    ...(dedupeKey !== undefined && { dedupeKey }),
    ...(ipGeolocation !== undefined && { ipGeolocation }),
    ...(writeTime !== undefined && { writeTime }),
    ...(visitorId !== undefined && { visitorId }),
    ...(indexes.length > 0 && { indexes }),
    ...(connector !== undefined && { connector }),
    ...(tags.length > 0 && { tags }),
    loc: { file, line: 1 },
  };
  return { datasource, issues, notes };
}
