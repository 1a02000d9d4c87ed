/**
 * TypeScript front door: turns `aviary/schema` or `@tinybirdco/sdk` definition objects
 * into the project model, reading them only through the SDK's public getters.
 */
import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import { pathToFileURL } from "node:url";
import {
  getColumnJsonPath,
  getColumnType,
  getCopyConfig,
  getEndpointConfig,
  getMaterializedConfig,
  getModifiers,
  getParamDefault,
  getParamDescription,
  getParamTinybirdType,
  getPrimaryKey,
  getSortingKey,
  getTinybirdType,
  isDatasourceDefinition,
  isParamRequired,
  isPipeDefinition,
  isProjectDefinition,
  type AnyParamValidator,
  type AnyTypeValidator,
  type DatasourceDefinition,
  type EngineConfig,
  type PipeDefinition,
} from "@tinybirdco/sdk";
import {
  ProjectError,
  makeProject,
  type Column,
  type Datasource,
  type EngineSpec,
  type IpGeolocation,
  type Pipe,
  type Project,
  type SourceLocation,
  type TokenGrant,
} from "./model.ts";
import { sqlLiteral } from "./sql-literal.ts";

/** Finds the line where a resource is defined, so messages can point at it. */
function locator(file: string, text: string): (name: string) => SourceLocation {
  const lines = text.split("\n");
  return (name) => {
    const quoted = new RegExp(`\\(\\s*["'\`]${name}["'\`]`);
    const index = lines.findIndex((l) => quoted.test(l));
    return index < 0 ? { file } : { file, line: index + 1 };
  };
}

function columnOf(name: string, def: Parameters<typeof getColumnType>[0], jsonPaths: boolean): Column {
  const validator = getColumnType(def);
  const modifiers = getModifiers(validator);
  let defaultExpr: string | undefined;
  if (modifiers.hasDefault) {
    defaultExpr = modifiers.defaultExpression ?? sqlLiteral(modifiers.defaultValue);
  }
  return {
    name,
    type: getTinybirdType(validator),
    jsonPath: jsonPaths ? (getColumnJsonPath(def) ?? `$.${name}`) : undefined,
    defaultExpr,
    codec: modifiers.codec,
  };
}

function engineOf(config: EngineConfig | undefined): EngineSpec {
  if (!config) return { type: "MergeTree", sortingKey: "tuple()" };
  if (config.type === "Null") return { type: "Null" };
  const settings = config.settings
    ? Object.entries(config.settings).map(([k, v]) => `${k} = ${typeof v === "string" ? sqlLiteral(v) : Number(v)}`).join(", ")
    : undefined;
  const keyList = (keys: readonly string[]) => (keys.length === 0 ? "tuple()" : keys.join(", "));
  return {
    type: config.type,
    partitionKey: config.partitionKey,
    sortingKey: keyList(getSortingKey(config)),
    primaryKey: config.primaryKey ? keyList(getPrimaryKey(config)) : undefined,
    ttl: config.ttl,
    settings,
    ver: "ver" in config ? config.ver : undefined,
    isDeleted: "isDeleted" in config ? config.isDeleted : undefined,
    sign: "sign" in config ? config.sign : undefined,
    version: "version" in config ? config.version : undefined,
    summingColumns: "columns" in config && config.columns ? config.columns.join(", ") : undefined,
  };
}

type TokenConfigLike = { name: string; permissions?: readonly string[] } | { token: { _name: string }; scope: string };

function grantsOf(tokens: readonly TokenConfigLike[] | undefined, fallback: "READ" | "APPEND"): TokenGrant[] {
  return (tokens ?? []).flatMap((tok): TokenGrant[] => {
    if ("token" in tok) return [{ name: tok.token._name, permission: tok.scope === "APPEND" ? "APPEND" : "READ" }];
    const perms = tok.permissions ?? [fallback];
    return perms.map((perm) => ({ name: tok.name, permission: perm === "APPEND" ? "APPEND" : "READ" }));
  });
}

function datasourceOf(def: DatasourceDefinition, loc: SourceLocation): Datasource {
  const jsonPaths = def.options.jsonPaths ?? true;
  return {
    kind: "datasource",
    name: def._name,
    description: def.options.description,
    columns: Object.entries(def._schema ?? {}).map(([name, col]) => columnOf(name, col, jsonPaths)),
    engine: engineOf(def.options.engine),
    tokens: grantsOf(def.options.tokens as readonly TokenConfigLike[] | undefined, "READ"),
    dedupeKey: (def.options as { dedupeKey?: string }).dedupeKey,
    ipGeolocation: (def.options as { ipGeolocation?: IpGeolocation }).ipGeolocation,
    writeTime: (def.options as { writeTime?: string }).writeTime,
    visitorId: (def.options as { visitorId?: string }).visitorId,
    loc,
  };
}

function pipeOf(def: PipeDefinition, loc: SourceLocation): Pipe {
  const materialized = getMaterializedConfig(def);
  const copy = getCopyConfig(def);
  const endpoint = getEndpointConfig(def);
  const settings = endpoint && settingsOf(def);
  const type = endpoint ? "endpoint" : materialized ? "materialized" : copy ? "copy" : "default";
  const output = def._output
    ? Object.entries(def._output).map(([name, v]) => ({ name, type: getTinybirdType(v as AnyTypeValidator) }))
    : undefined;
  return {
    kind: "pipe",
    name: def._name,
    description: def.options.description,
    nodes: def.options.nodes.map((n) => ({ name: n._name, sql: asTemplate(n.sql), description: n.description, loc })),
    type,
    targetDatasource: materialized?.datasource._name ?? copy?.datasource._name,
    copyMode: copy?.copy_mode,
    copySchedule: copy?.copy_schedule,
    tokens: grantsOf(def.options.tokens as readonly TokenConfigLike[] | undefined, "READ"),
    params: Object.entries(def._params as Record<string, AnyParamValidator>).map(([name, v]) => ({
      name,
      type: getParamTinybirdType(v),
      required: isParamRequired(v),
      default: getParamDefault(v),
      description: getParamDescription(v),
    })),
    output: output && output.length > 0 ? output : undefined,
    // 60 s when no ttl is given: what the SDK's generator writes as `CACHE` then.
    ...(endpoint?.cache?.enabled && { cacheSeconds: endpoint.cache.ttl ?? 60 }),
    ...(settings && { settings }),
    loc,
  };
}

/** `defineEndpoint`'s `settings` (define-pipe.ts), which the SDK's own definitions do not have. */
function settingsOf(def: PipeDefinition): Readonly<Record<string, string | number>> | undefined {
  return (def.options as { settings?: Readonly<Record<string, string | number>> }).settings;
}

/** Like the SDK's generator: SQL with template tags is a template even without the `%` marker. */
function asTemplate(sql: string): string {
  return !sql.trimStart().startsWith("%") && /\{\{|\{%/.test(sql) ? `%\n${sql}` : sql;
}

/** Collects definitions from a module's exports, following `defineProject` objects and pipe targets. */
export function projectFromDefinitions(exportsOf: Record<string, unknown>, file: string, text = ""): Project {
  const locate = locator(file, text);
  const datasources = new Map<string, DatasourceDefinition>();
  const pipes = new Map<string, PipeDefinition>();
  const visit = (value: unknown): void => {
    if (isDatasourceDefinition(value)) datasources.set(value._name, value);
    else if (isPipeDefinition(value)) {
      pipes.set(value._name, value);
      const target = getMaterializedConfig(value)?.datasource ?? getCopyConfig(value)?.datasource;
      if (target && !datasources.has(target._name)) datasources.set(target._name, target);
    } else if (isProjectDefinition(value)) {
      Object.values(value.datasources ?? {}).forEach(visit);
      Object.values(value.pipes ?? {}).forEach(visit);
    }
  };
  Object.values(exportsOf).forEach(visit);
  if (datasources.size === 0 && pipes.size === 0) {
    throw new ProjectError([{ loc: { file }, message: "exports no datasources or pipes (export the results of defineDatasource/defineEndpoint, or a defineProject(…))" }]);
  }
  return makeProject(
    file,
    [...datasources.values()].map((d) => datasourceOf(d, locate(d._name))),
    [...pipes.values()].map((p) => pipeOf(p, locate(p._name))),
  );
}

/** Imports a TypeScript or JavaScript module (the process runs under tsx) and reads its definitions. */
export async function loadDefinitionsModule(path: string): Promise<Project> {
  const file = relative(process.cwd(), path) || path;
  let exportsOf: Record<string, unknown>;
  try {
    exportsOf = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (err) {
    throw new ProjectError([{ loc: { file }, message: `cannot load module: ${err instanceof Error ? err.message : String(err)}` }]);
  }
  return projectFromDefinitions(exportsOf, file, await readFile(path, "utf8").catch(() => ""));
}
