/** `.datasource` file → `Datasource`. Syntax only; cross-checks live in validate.ts. */
import type { Column, Datasource, EngineSpec, EngineType, ProjectIssue, TokenGrant } from "./model.ts";
import { lexDatafile, statementText, type Statement } from "./datafile-lexer.ts";
import { parseSchemaBlock } from "./datafile-schema.ts";
import { parseEngineName } from "./datafile-engine.ts";
import { parseTokenValue } from "./datafile-token.ts";
import { unquote } from "./datafile-names.ts";
import { datafileName, unknownKeywordMessage, type DatasourceParseResult } from "./datafile-common.ts";

type EngineField = Exclude<keyof EngineSpec, "type">;

const ENGINE_KEYS: Readonly<Record<string, EngineField>> = {
  ENGINE_PARTITION_KEY: "partitionKey",
  ENGINE_SORTING_KEY: "sortingKey",
  ENGINE_PRIMARY_KEY: "primaryKey",
  ENGINE_TTL: "ttl",
  ENGINE_SETTINGS: "settings",
  ENGINE_VER: "ver",
  ENGINE_SIGN: "sign",
  ENGINE_VERSION: "version",
  ENGINE_IS_DELETED: "isDeleted",
  ENGINE_SUMMING_COLUMNS: "summingColumns",
};

/** Accepted so that SDK-generated and Tinybird files load, but with no effect here. */
const IGNORED: Readonly<Record<string, string>> = {
  FORWARD_QUERY: "FORWARD_QUERY is ignored: Aviary creates tables from SCHEMA and does not migrate existing rows",
  INDEXES: "INDEXES are ignored: Aviary does not create data-skipping indexes yet",
  BACKFILL: "BACKFILL is ignored",
};

// DEDUPE_KEY is Aviary's own: the Events API drops rows whose key it accepted recently.
const KEYWORDS = new Set(["DESCRIPTION", "TOKEN", "SCHEMA", "ENGINE", "DEDUPE_KEY", ...Object.keys(ENGINE_KEYS), ...Object.keys(IGNORED)]);

export function parseDatasourceFile(text: string, file: string): DatasourceParseResult {
  const lexed = lexDatafile(text, file, (key) => KEYWORDS.has(key));
  const issues: ProjectIssue[] = [...lexed.issues];
  const notes: ProjectIssue[] = [];
  const issue = (line: number | undefined, message: string): void => void issues.push({ loc: { file, line }, message });

  const seen = new Map<string, number>();
  let description: string | undefined;
  let dedupeKey: string | undefined;
  let columns: Column[] | undefined;
  let engineType: EngineType = "MergeTree";
  const engine: { -readonly [K in EngineField]?: string } = {};
  const tokens: TokenGrant[] = [];

  const handle = (st: Statement): void => {
    const key = st.key;
    if (key !== "TOKEN") {
      const first = seen.get(key);
      if (first !== undefined) return issue(st.line, `${st.keyword} is given twice (first on line ${first})`);
      seen.set(key, st.line);
    }
    if (key === "DESCRIPTION") description = unquote(statementText(st));
    else if (key === "DEDUPE_KEY") dedupeKey = unquote(statementText(st));
    else if (key === "SCHEMA") {
      if (st.block === undefined) return issue(st.line, 'SCHEMA needs a block: write "SCHEMA >" and list the columns on indented lines below');
      const schema = parseSchemaBlock(st.block, file);
      columns = schema.columns;
      issues.push(...schema.issues);
    } else if (key === "TOKEN") {
      const token = parseTokenValue(st.value, ["READ", "APPEND"]);
      if ("error" in token) return issue(st.line, token.error);
      if (!tokens.some((t) => t.name === token.name && t.permission === token.permission)) tokens.push(token);
    } else if (key === "ENGINE") {
      const parsed = parseEngineName(statementText(st));
      // On an unknown engine keep MergeTree so later checks still run; the issue already fails the load.
      if (typeof parsed === "object") issue(st.line, parsed.error);
      else engineType = parsed;
    } else if (ENGINE_KEYS[key] !== undefined) {
      const value = unquote(statementText(st));
      // `ENGINE_PARTITION_KEY ""` is how Tinybird files say "no partitioning".
      if (value !== "") engine[ENGINE_KEYS[key]] = value;
    } else if (IGNORED[key] !== undefined) notes.push({ loc: { file, line: st.line }, message: IGNORED[key] });
    else issue(st.line, unknownKeywordMessage(st.keyword, ".datasource"));
  };
  lexed.statements.forEach(handle);

  if (columns === undefined && !seen.has("SCHEMA")) {
    issue(undefined, 'missing SCHEMA: a .datasource file needs a "SCHEMA >" block listing its columns');
  }
  const datasource: Datasource = {
    kind: "datasource",
    name: datafileName(file),
    ...(description !== undefined && { description }),
    columns: columns ?? [],
    engine: { type: engineType, ...engine },
    tokens,
    ...(dedupeKey !== undefined && { dedupeKey }),
    loc: { file, line: 1 },
  };
  return { datasource, issues, notes };
}
