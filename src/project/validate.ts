/**
 * Checks a loaded project as a whole, whichever front door it came through: column
 * types, engine keys, what each node reads, materialized and copy targets, names.
 * Every issue names its file and line, and says what to change.
 */
import type { Datasource, Pipe, PipeNode, Project, ProjectIssue, SourceLocation } from "./model.ts";
import { checkColumnType } from "./datafile-type-check.ts";
import { isEngineType, unknownEngineMessage } from "./datafile-engine.ts";
import { didYouMean, isValidName, NAME_RULE, reservedNameProblem } from "./datafile-names.ts";
import { definedNames, tableReferences, tokenizeSql } from "../engine/sql-tokens.ts";
import { reservedVariableUses } from "./datafile-template-names.ts";
import { unavailableResource } from "./unavailable-resources.ts";
import { ipGeolocationProblems } from "./ip-geolocation-check.ts";
import { parseCopySchedule, ScheduleError } from "../copy/copy-schedule.ts";

type Report = (loc: SourceLocation, message: string) => void;

/** Engine keys made of column names; partition key, TTL and settings are expressions left to ClickHouse. */
const COLUMN_KEYS = [
  ["sortingKey", "sorting key"],
  ["primaryKey", "primary key"],
  ["samplingKey", "ENGINE_SAMPLING_KEY"],
  ["ver", "ENGINE_VER"],
  ["sign", "ENGINE_SIGN"],
  ["version", "ENGINE_VERSION"],
  ["isDeleted", "ENGINE_IS_DELETED"],
  ["summingColumns", "ENGINE_SUMMING_COLUMNS"],
] as const;

const SIMPLE_COLUMN = /^`?([A-Za-z_][A-Za-z0-9_]*)`?$/;

export function validateProject(project: Project): ProjectIssue[] {
  const issues: ProjectIssue[] = [];
  const report: Report = (loc, message) => void issues.push({ loc, message });
  for (const datasource of project.datasources.values()) checkDatasource(datasource, report);
  for (const pipe of project.pipes.values()) checkPipe(pipe, project, report);
  for (const pipe of project.pipes.values()) {
    const datasource = project.datasources.get(pipe.name);
    if (datasource !== undefined) {
      report(pipe.loc, `pipe "${pipe.name}" has the same name as the datasource in ${datasource.loc.file}; rename one of them`);
    }
  }
  return issues;
}

function checkTokens(owner: Datasource | Pipe, report: Report): void {
  for (const token of owner.tokens) {
    if (!isValidName(token.name)) report(owner.loc, `token name "${token.name}" is invalid: ${NAME_RULE}`);
  }
}

/** Splits `a, (b), c` at top-level commas; a key written `(a, b)` or `tuple(a, b)` is unwrapped first. */
function keyParts(key: string): string[] {
  const unwrapped = /^(?:tuple)?\((.*)\)$/is.exec(key.trim())?.[1] ?? key;
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const c of unwrapped) {
    if (c === "," && depth === 0) {
      parts.push(current.trim());
      current = "";
      continue;
    }
    if (c === "(") depth++;
    if (c === ")") depth--;
    current += c;
  }
  parts.push(current.trim());
  return parts.filter((p) => p !== "");
}

function checkDatasource(ds: Datasource, report: Report): void {
  if (!isValidName(ds.name)) report(ds.loc, `datasource name "${ds.name}" is invalid: ${NAME_RULE}`);
  const reserved = reservedNameProblem("datasource", ds.name);
  if (reserved !== undefined) report(ds.loc, reserved);
  const seen = new Map<string, SourceLocation>();
  for (const column of ds.columns) {
    const loc = column.loc ?? ds.loc;
    const problem = checkColumnType(column.type);
    if (problem !== undefined) report(loc, `column "${column.name}": ${problem}`);
    const first = seen.get(column.name);
    if (first !== undefined) {
      report(loc, `column "${column.name}" is defined twice${first.line === undefined ? "" : ` (first on line ${first.line})`}`);
    } else seen.set(column.name, loc);
  }
  if (!isEngineType(ds.engine.type)) report(ds.loc, unknownEngineMessage(ds.engine.type));
  // ReplacingMergeTree(x) alone would read the deleted flag as the version.
  if (ds.engine.isDeleted !== undefined && ds.engine.ver === undefined) report(ds.loc, "ENGINE_IS_DELETED needs ENGINE_VER: ClickHouse reads the deleted flag only next to a version column");
  // A datasource without columns takes them from its materialized view at deploy; nothing to check against yet.
  if (ds.columns.length > 0) {
    for (const [field, label] of COLUMN_KEYS) {
      const value = ds.engine[field];
      if (value === undefined) continue;
      for (const part of keyParts(value)) {
        const column = SIMPLE_COLUMN.exec(part)?.[1];
        if (column === undefined || seen.has(column)) continue;
        report(ds.loc, `${label} refers to column "${column}", which is not in the schema${didYouMean(column, seen.keys())}`);
      }
    }
    if (ds.dedupeKey !== undefined && !seen.has(ds.dedupeKey)) {
      report(ds.loc, `DEDUPE_KEY refers to column "${ds.dedupeKey}", which is not in the schema${didYouMean(ds.dedupeKey, seen.keys())}`);
    }
    const visitorColumn = ds.visitorId === undefined ? undefined : ds.columns.find((c) => c.name === ds.visitorId);
    if (ds.visitorId !== undefined && visitorColumn?.type !== "String") {
      report(ds.loc, visitorColumn ? `VISITOR_ID column "${ds.visitorId}" is ${visitorColumn.type}; it must be a String column` : `VISITOR_ID refers to column "${ds.visitorId}", which is not in the schema${didYouMean(ds.visitorId, seen.keys())}`);
    }
  }
  for (const problem of ipGeolocationProblems(ds)) report(ds.loc, problem);
  checkTokens(ds, report);
}

const lineOf = (text: string, offset: number): number => text.slice(0, offset).split("\n").length;

function nodeLoc(node: PipeNode, offset: number): SourceLocation {
  if (node.sqlLine === undefined) return node.loc;
  return { file: node.loc.file, line: node.sqlLine + lineOf(node.sql, offset) - 1 };
}

function checkNodeSql(node: PipeNode, earlier: ReadonlySet<string>, later: ReadonlySet<string>, project: Project, report: Report): void {
  const tokens = tokenizeSql(node.sql);
  const own = definedNames(tokens);
  const known = (name: string): boolean =>
    project.datasources.has(name) ||
    project.pipes.has(name) ||
    earlier.has(name) ||
    own.has(name) ||
    // Every datasource has a quarantine table next to it.
    (name.endsWith("_quarantine") && project.datasources.has(name.slice(0, -"_quarantine".length)));
  for (const ref of tableReferences(tokens)) {
    const unavailable = ref.database === undefined ? undefined : unavailableResource(ref.database, ref.name);
    if (unavailable !== undefined) report(nodeLoc(node, ref.offset), `node "${node.name}" reads from ${unavailable}`);
    if (ref.database !== undefined || known(ref.name)) continue;
    const loc = nodeLoc(node, ref.offset);
    if (later.has(ref.name) || ref.name === node.name) {
      report(loc, `node "${node.name}" reads from "${ref.name}", which is not defined above it; a node can only read from earlier nodes`);
    } else {
      report(loc, `node "${node.name}" reads from "${ref.name}", which is neither a datasource, a pipe nor an earlier node`);
    }
  }
  const reported = new Set<string>();
  for (const use of reservedVariableUses(node.sql)) {
    if (reported.has(use.name)) continue;
    reported.add(use.name);
    report(nodeLoc(node, use.offset), `node "${node.name}": "${use.name}" can not be used as a variable name, line ${lineOf(node.sql, use.offset)}`);
  }
}

function checkTarget(pipe: Pipe, project: Project, report: Report): void {
  if (pipe.type !== "materialized" && pipe.type !== "copy") return;
  // The last node is where Tinybird files write TYPE and the target, so point there.
  const loc = pipe.nodes[pipe.nodes.length - 1]?.loc ?? pipe.loc;
  const keyword = pipe.type === "materialized" ? "DATASOURCE" : "TARGET_DATASOURCE";
  const target = pipe.targetDatasource;
  if (target === undefined || target === "") {
    report(loc, `${pipe.type} pipe "${pipe.name}" has no ${keyword}; name the datasource it writes into`);
  } else if (!project.datasources.has(target)) {
    report(loc, `${pipe.type} pipe "${pipe.name}" writes into "${target}", which is not a datasource of this project${didYouMean(target, project.datasources.keys())}`);
  }
  if (pipe.type !== "copy") return;
  try {
    parseCopySchedule(pipe.copySchedule);
  } catch (err) {
    if (!(err instanceof ScheduleError)) throw err;
    report(loc, `copy pipe "${pipe.name}": ${err.message}`);
  }
}

function checkPipe(pipe: Pipe, project: Project, report: Report): void {
  if (!isValidName(pipe.name)) report(pipe.loc, `pipe name "${pipe.name}" is invalid: ${NAME_RULE}`);
  const reserved = reservedNameProblem("pipe", pipe.name);
  if (reserved !== undefined) report(pipe.loc, reserved);
  if (pipe.nodes.length === 0) report(pipe.loc, `pipe "${pipe.name}" has no nodes; add one with "NODE <name>" and an "SQL >" block`);
  const firstSeen = new Map<string, PipeNode>();
  pipe.nodes.forEach((node, index) => {
    const first = firstSeen.get(node.name);
    if (first !== undefined) {
      report(node.loc, `node "${node.name}" is defined twice${first.loc.line === undefined ? "" : ` (first on line ${first.loc.line})`}`);
    } else firstSeen.set(node.name, node);
    if (!isValidName(node.name)) report(node.loc, `node name "${node.name}" is invalid: ${NAME_RULE}`);
    const earlier = new Set(pipe.nodes.slice(0, index).map((n) => n.name));
    const later = new Set(pipe.nodes.slice(index + 1).map((n) => n.name));
    checkNodeSql(node, earlier, later, project, report);
  });
  checkTarget(pipe, project, report);
  checkTokens(pipe, report);
}
