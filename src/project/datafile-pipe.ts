/**
 * `.pipe` file → `Pipe`. Keys before the first NODE describe the pipe; DESCRIPTION and
 * SQL after a NODE belong to that node. TYPE, DATASOURCE, TARGET_DATASOURCE, CACHE, TAGS and
 * the COPY_* and EXPORT_* keys describe the pipe wherever they appear: Tinybird writes
 * them inside the last node, the SDK after it.
 */
import type { Pipe, PipeNode, PipeType, ProjectIssue, TokenGrant } from "./model.ts";
import { lexDatafile, statementText, type Statement } from "./datafile-lexer.ts";
import { parseTokenValue } from "./datafile-token.ts";
import { unquote } from "./datafile-names.ts";
import { connectorKeyProblem, exportConnector, isExportKey } from "./datafile-connector.ts";
import { datafileName, INACTIVE, parseTags, unknownKeywordMessage, type PipeParseResult } from "./datafile-common.ts";

interface NodeDraft {
  name: string;
  line: number;
  sql?: string;
  sqlLine?: number;
  description?: string;
}

interface Setting {
  readonly value: string;
  readonly line: number;
  readonly keyword: string;
}

const PIPE_TYPES: Readonly<Record<string, PipeType>> = { ENDPOINT: "endpoint", MATERIALIZED: "materialized", COPY: "copy", SINK: "sink" };

/** Pipe-wide keys that may appear once, wherever they are written. */
const SETTINGS = new Set(["TYPE", "DATASOURCE", "TARGET_DATASOURCE", "COPY_MODE", "COPY_SCHEDULE", "CACHE"]);

/** Which TYPE each setting belongs to. */
const SETTING_TYPE: Readonly<Record<string, PipeType>> = {
  DATASOURCE: "materialized",
  TARGET_DATASOURCE: "copy",
  COPY_MODE: "copy",
  COPY_SCHEDULE: "copy",
  CACHE: "endpoint",
};

const IGNORED = ["DEPLOYMENT_METHOD", "VERSION"];

const isKeyword = (key: string): boolean =>
  ["DESCRIPTION", "TOKEN", "NODE", "SQL", "TAGS"].includes(key) || SETTINGS.has(key) || IGNORED.includes(key) || key.startsWith("ENGINE") || isExportKey(key);

export function parsePipeFile(text: string, file: string): PipeParseResult {
  const lexed = lexDatafile(text, file, isKeyword);
  const issues: ProjectIssue[] = [...lexed.issues];
  const notes: ProjectIssue[] = [];
  const issue = (line: number | undefined, message: string): void => void issues.push({ loc: { file, line }, message });

  let description: string | undefined;
  const tokens: TokenGrant[] = [];
  const nodes: NodeDraft[] = [];
  const settings = new Map<string, Setting & { node: number }>();
  const tags: string[] = [];
  const exports = new Map<string, string>();
  let firstExport: Statement | undefined;

  const handle = (st: Statement): void => {
    const node = nodes[nodes.length - 1];
    const key = st.key;
    if (key === "NODE") {
      const name = unquote(st.value);
      if (name === "") return issue(st.line, "NODE needs a name, e.g. NODE endpoint");
      nodes.push({ name, line: st.line });
    } else if (key === "DESCRIPTION") {
      const target = node ?? { description };
      if (target.description !== undefined) return issue(st.line, `DESCRIPTION is given twice${node ? ` in node "${node.name}"` : ""}`);
      if (node) node.description = unquote(statementText(st));
      else description = unquote(statementText(st));
    } else if (key === "SQL") {
      if (!node) return issue(st.line, 'SQL before any NODE; start the node with "NODE <name>"');
      if (node.sql !== undefined) return issue(st.line, `node "${node.name}" has two SQL blocks`);
      const sql = statementText(st);
      // `SQL` with nothing after it is left unset so that "has no SQL" points at the node;
      // an empty `SQL >` block has been reported by the lexer already.
      if (sql.trim() === "" && st.block === undefined) return;
      node.sql = sql;
      node.sqlLine = st.block?.[0]?.line ?? st.line;
    } else if (key === "TOKEN") {
      const token = parseTokenValue(st.value, ["READ"], `pipe "${datafileName(file)}"`, "READ");
      if ("error" in token) return issue(st.line, token.error);
      if (token.note !== undefined) notes.push({ loc: { file, line: st.line }, message: token.note });
      if (!tokens.some((t) => t.name === token.grant.name)) tokens.push(token.grant);
    } else if (key === "TAGS") tags.push(...parseTags(statementText(st)));
    else if (isExportKey(key)) {
      const problem = connectorKeyProblem(st.keyword);
      if (problem !== undefined) return issue(st.line, problem);
      firstExport ??= st;
      exports.set(key, unquote(statementText(st)));
    } else if (SETTINGS.has(key)) {
      const first = settings.get(key);
      if (first !== undefined) return issue(st.line, `${st.keyword} is given twice (first on line ${first.line})`);
      settings.set(key, { value: unquote(statementText(st)), line: st.line, keyword: st.keyword, node: nodes.length - 1 });
    } else if (IGNORED.includes(key)) notes.push({ loc: { file, line: st.line }, message: INACTIVE[key]! });
    else if (key.startsWith("ENGINE")) {
      notes.push({ loc: { file, line: st.line }, message: `${st.keyword} is ignored in a pipe: the target datasource's engine is used` });
    } else issue(st.line, unknownKeywordMessage(st.keyword, ".pipe"));
  };
  lexed.statements.forEach(handle);

  const declared = pipeType(settings, nodes, issue);
  const type = declared ?? "default";
  for (const [key, setting] of settings) {
    const wanted = SETTING_TYPE[key];
    // After an unknown TYPE (already reported) there is no telling which settings belong.
    if (wanted !== undefined && declared !== undefined && wanted !== type) issue(setting.line, `${setting.keyword} only applies to TYPE ${wanted}`);
  }
  if (firstExport !== undefined && declared !== undefined && type !== "sink") issue(firstExport.line, `${firstExport.keyword} only applies to TYPE sink`);
  const copyMode = settings.get("COPY_MODE");
  if (copyMode !== undefined && !["append", "replace"].includes(copyMode.value.toLowerCase())) {
    issue(copyMode.line, `COPY_MODE must be append or replace, not "${copyMode.value}"`);
  }
  for (const n of nodes) if (n.sql === undefined) issue(n.line, `node "${n.name}" has no SQL; add an "SQL >" block`);

  const cache = settings.get("CACHE");
  // Seconds, as the SDK's generator writes it (`CACHE 60`); 0 turns the cache off.
  const cacheSeconds = cache === undefined ? undefined : /^\d{1,6}$/.test(cache.value) ? Number(cache.value) : undefined;
  if (cache !== undefined && cacheSeconds === undefined) issue(cache.line, `CACHE must be a whole number of seconds, not "${cache.value}"`);
  const target = settings.get(type === "copy" ? "TARGET_DATASOURCE" : "DATASOURCE")?.value;
  const schedule = settings.get("COPY_SCHEDULE")?.value;
  const mode = copyMode?.value.toLowerCase();
  const pipe: Pipe = {
    kind: "pipe",
    name: datafileName(file),
    ...(description !== undefined && { description }),
    nodes: nodes.map(toNode(file)),
    type,
    ...(target !== undefined && (type === "copy" || type === "materialized") && { targetDatasource: target }),
    ...((mode === "append" || mode === "replace") && { copyMode: mode }),
    ...(schedule !== undefined && { copySchedule: schedule }),
    tokens,
    params: [],
    ...(type === "sink" && { sink: exportConnector(exports) }),
    ...(type === "endpoint" && cacheSeconds !== undefined && cacheSeconds > 0 && { cacheSeconds }),
    ...(tags.length > 0 && { tags }),
    loc: { file, line: 1 },
  };
  return { pipe, issues, notes };
}

function pipeType(
  settings: ReadonlyMap<string, Setting & { node: number }>,
  nodes: readonly NodeDraft[],
  issue: (line: number, message: string) => void,
): PipeType | undefined {
  const declared = settings.get("TYPE");
  // Classic projects name the target without a TYPE: DATASOURCE alone makes a materialization, TARGET_DATASOURCE a copy.
  if (declared === undefined) return settings.has("DATASOURCE") === settings.has("TARGET_DATASOURCE") ? "default" : settings.has("DATASOURCE") ? "materialized" : "copy";
  const type = PIPE_TYPES[declared.value.toUpperCase()];
  if (type === undefined) {
    issue(declared.line, `unknown TYPE "${declared.value}"; expected endpoint, materialized, copy or sink`);
    return undefined;
  }
  // Downstream the last node is the pipe's output, so a TYPE inside an earlier node would silently change meaning.
  const owner = nodes[declared.node];
  const last = nodes[nodes.length - 1];
  if (owner !== undefined && owner !== last) {
    issue(declared.line, `TYPE is set in node "${owner.name}", but node "${last!.name}" comes after it; the last node is the pipe's output, so move TYPE there`);
  }
  return type;
}

const toNode =
  (file: string) =>
  (n: NodeDraft): PipeNode => ({
    name: n.name,
    sql: n.sql ?? "",
    ...(n.description !== undefined && { description: n.description }),
    loc: { file, line: n.line },
    ...(n.sqlLine !== undefined && { sqlLine: n.sqlLine }),
  });
