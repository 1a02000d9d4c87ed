/**
 * An endpoint request from the collected parameters on: check `q` → build the statement →
 * (result cache) → engine, each engine statement in the caller's turn at the fair queue.
 *
 * An endpoint with `cacheSeconds` is answered from the result cache, keyed by the statement
 * that would run: after fixed params, the token's row filters and limits, so two tokens
 * share an entry only when they would run the very same statement. Nothing a client sends
 * bypasses it (parameters the pipe does not read do not change the statement). Without `q`,
 * building the statement touches no engine, so a cached answer needs no turn at all.
 */
import { createHash } from "node:crypto";
import type { Principal } from "../auth/principal.ts";
import type { Engine, Settings } from "../engine/engine.ts";
import type { Pipe, Project } from "../project/model.ts";
import { checkPipeQuery } from "./check-statement.ts";
import type { Variables } from "./render-pipe.ts";
import { type Cached, type ResultCache, type Turn } from "./result-cache.ts";
import { pipeStatement, runStatement, withSentValues, type PipeQuery, type PipeResult, type PipeStatement } from "./run-pipe.ts";

export interface EndpointRequest {
  readonly pipe: Pipe;
  readonly extension: string;
  readonly variables: Variables;
  readonly q?: string;
  /** The caller's statement limits (statement-limits.ts). */
  readonly limits: Settings;
}

export interface EndpointDeps {
  readonly project: Project;
  readonly engine: Engine;
  readonly results: ResultCache<PipeResult>;
  /** A turn at the engine in the caller's lane. */
  readonly turn: Turn;
}

export type EndpointResult = PipeResult & { readonly cache?: Omit<Cached<PipeResult>, "value"> };

/** The cache key: a digest of everything the engine is given, settings in a fixed order. */
function statementKey(statement: PipeStatement): string {
  const settings = Object.entries(statement.settings).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash("sha256").update(JSON.stringify([statement.format, statement.sql, settings])).digest("base64url");
}

export async function runEndpoint(deps: EndpointDeps, principal: Principal, request: EndpointRequest): Promise<EndpointResult> {
  const { project, engine, turn } = deps;
  const build = async (): Promise<{ query: PipeQuery; statement: PipeStatement }> => {
    const checked = await checkPipeQuery(engine, project, principal, request.q, request.limits);
    const query: PipeQuery = { pipe: request.pipe, extension: request.extension, variables: request.variables, ...checked, restricted: !principal.isAdmin };
    return { query, statement: await pipeStatement(project, engine, query) };
  };
  const seconds = request.pipe.cacheSeconds;
  if (seconds === undefined) {
    return turn(async () => {
      const { query, statement } = await build();
      return withSentValues(query, () => runStatement(engine, statement));
    });
  }
  // Checking `q` asks the engine's parser: that takes a turn of its own.
  const { query, statement } = request.q === undefined ? await build() : await turn(build);
  // Each caller masks the shared statement's errors by what it sent itself.
  const cached = await withSentValues(query, () => deps.results.get(statementKey(statement), seconds * 1000, () => runStatement(engine, statement), turn));
  return { ...cached.value, cache: { age: cached.age, outcome: cached.outcome } };
}
