import {
  definePipe as sdkDefinePipe,
  getColumnType,
  node as sdkNode,
  type CopyConfig,
  type DatasourceDefinition,
  type NodeDefinition,
  type OutputDefinition,
  type ParamsDefinition,
  type PipeDefinition,
  type PipeOptions,
  type PipeTokenConfig,
  type SchemaDefinition,
} from "@tinybirdco/sdk";

// The SDK brands its objects with registry symbols, so objects built here are
// indistinguishable from the SDK's own (its `isPipeDefinition` accepts them).
const PIPE_BRAND = Symbol.for("tinybird.pipe");
const NODE_BRAND = Symbol.for("tinybird.node");

export interface AviaryNodeOptions {
  /** Optional: an unnamed node is named after its pipe and position. */
  name?: string;
  sql: string;
  description?: string;
}

export function node(options: AviaryNodeOptions): NodeDefinition {
  if (options.name !== undefined) return sdkNode({ ...options, name: options.name });
  return { [NODE_BRAND]: true, _name: "", _type: "node", sql: options.sql, description: options.description } as unknown as NodeDefinition;
}

function nameNodes(pipeName: string, nodes: readonly NodeDefinition[]): NodeDefinition[] {
  return nodes.map((n, i) =>
    n._name === "" ? ({ ...n, _name: nodes.length === 1 ? pipeName : `${pipeName}_${i}` } as NodeDefinition) : n,
  );
}

/** Like the SDK's `definePipe`, but an endpoint or materialized view may leave its output to the deployed query. */
export function definePipe<TParams extends ParamsDefinition = ParamsDefinition, TOutput extends OutputDefinition = OutputDefinition>(
  name: string,
  options: PipeOptions<TParams, TOutput>,
): PipeDefinition<TParams, TOutput> {
  const named = { ...options, nodes: nameNodes(name, options.nodes) };
  if (named.output && Object.keys(named.output).length > 0) return sdkDefinePipe(name, named);
  // The SDK refuses endpoints without output; check the rest with it as a plain pipe first.
  sdkDefinePipe(name, { nodes: named.nodes, params: named.params, description: named.description });
  const params = (named.params ?? {}) as TParams;
  return {
    [PIPE_BRAND]: true,
    _name: name,
    _type: "pipe",
    _params: params,
    _output: undefined,
    options: { ...named, output: undefined, params },
  } as unknown as PipeDefinition<TParams, TOutput>;
}

export interface AviaryEndpointOptions<TParams extends ParamsDefinition, TOutput extends OutputDefinition> {
  description?: string;
  params?: TParams;
  nodes: readonly NodeDefinition[];
  /** Optional: without it the row type comes from the deployed query (`npx aviary types`). */
  output?: TOutput;
  cache?: { enabled: boolean; ttl?: number };
  tokens?: readonly PipeTokenConfig[];
  /**
   * ClickHouse settings every statement of the endpoint runs with (an Aviary addition;
   * a token's limits and row filters still win): `{ query_plan_enable_optimizations: 0 }`.
   */
  settings?: Readonly<Record<string, string | number>>;
}

export function defineEndpoint<TParams extends ParamsDefinition = ParamsDefinition, TOutput extends OutputDefinition = OutputDefinition>(
  name: string,
  options: AviaryEndpointOptions<TParams, TOutput>,
): PipeDefinition<TParams, TOutput> {
  return definePipe<TParams, TOutput>(name, {
    description: options.description,
    params: options.params,
    nodes: options.nodes,
    output: options.output,
    endpoint: options.cache ? { enabled: true, cache: options.cache } : true,
    tokens: options.tokens,
    // Kept in the definition's options, which the SDK copies as given.
    ...(options.settings && { settings: options.settings }),
  } as PipeOptions<TParams, TOutput>);
}

function schemaOutput(schema: SchemaDefinition): OutputDefinition {
  return Object.fromEntries(Object.entries(schema).map(([column, def]) => [column, getColumnType(def)])) as OutputDefinition;
}

export interface AviaryMaterializedViewOptions {
  description?: string;
  datasource: DatasourceDefinition<SchemaDefinition>;
  nodes: readonly NodeDefinition[];
  deploymentMethod?: "alter";
  tokens?: readonly PipeTokenConfig[];
}

export function defineMaterializedView(name: string, options: AviaryMaterializedViewOptions): PipeDefinition {
  return definePipe(name, {
    description: options.description,
    nodes: options.nodes,
    output: schemaOutput(options.datasource._schema),
    materialized: { datasource: options.datasource, deploymentMethod: options.deploymentMethod },
    tokens: options.tokens,
  });
}

export interface AviaryCopyPipeOptions {
  description?: string;
  datasource: DatasourceDefinition<SchemaDefinition>;
  nodes: readonly NodeDefinition[];
  copy_mode?: CopyConfig["copy_mode"];
  copy_schedule?: string;
  tokens?: readonly PipeTokenConfig[];
}

export function defineCopyPipe(name: string, options: AviaryCopyPipeOptions): PipeDefinition {
  return definePipe(name, {
    description: options.description,
    nodes: options.nodes,
    output: schemaOutput(options.datasource._schema),
    copy: { datasource: options.datasource, copy_mode: options.copy_mode, copy_schedule: options.copy_schedule },
    tokens: options.tokens,
  });
}
