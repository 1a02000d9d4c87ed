/**
 * An endpoint request from the collected parameters on: check `q` → build the statement →
 * (result cache) → engine, each engine statement in the caller's turn at the fair queue.
 *
 * An endpoint with `cacheSeconds` is answered from the result cache for that long; on the
 * embedded engine every other endpoint too, until a write changes the data it reads
 * (data-versions.ts). Entries are keyed by the statement that would run: after fixed params, the token's row filters and limits, so two tokens
 * share an entry only when they would run the very same statement. Nothing a client sends
 * bypasses it (parameters the pipe does not read do not change the statement). Without `q`,
 * building the statement touches no engine, so a cached answer needs no turn at all.
 */
import { createHash } from "node:crypto";
import type { Principal } from "../auth/principal.ts";
import type { Engine, Settings } from "../engine/engine.ts";
import type { Pipe, Project } from "../project/model.ts";
import { checkPipeQuery } from "./check-statement.ts";
import type { DataVersions } from "./data-versions.ts";
import { readsClock } from "./reads-clock.ts";
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
  /** Where this process sees every write (the embedded engine): answers are kept until the data under them changes. */
  readonly versions?: DataVersions;
  /** A turn at the engine in the caller's lane. */
  readonly turn: Turn;
}

export type EndpointResult = PipeResult & { readonly cache?: Omit<Cached<PipeResult>, "value"> };

/**
 * How long an answer kept until the next write may live anyway. A statement that reads the
 * clock (the last 5 minutes, today) changes with time alone: at most this stale.
 */
const UNCHANGED_MS = 10 * 60_000;
const TIME_RELATIVE_MS = 10_000;

/** The cache key: a digest of everything the engine is given, settings in a fixed order. */
function statementKey(statement: PipeStatement): string {
  const settings = Object.entries(statement.settings).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash("sha256").update(JSON.stringify([statement.format, statement.sql, settings])).digest("base64url");
}

export async function runEndpoint(deps: EndpointDeps, principal: Principal, request: EndpointRequest): Promise<EndpointResult> {
  const { project, engine, turn } = deps;
  const build = async (): Promise<{ query: PipeQuery; statement: PipeStatement }> => {
    const checked = await checkPipeQuery(engine, project, principal, request.pipe.name, request.q, request.limits);
    const query: PipeQuery = { pipe: request.pipe, extension: request.extension, variables: request.variables, ...checked, restricted: !principal.isAdmin };
    return { query, statement: await pipeStatement(project, engine, query) };
  };
  const declared = request.pipe.cacheSeconds;
  const { versions } = deps;
  if (declared === undefined && versions === undefined) {
    return turn(async () => {
      const { query, statement } = await build();
      return withSentValues(query, () => runStatement(engine, statement));
    });
  }
  // Checking `q` asks the engine's parser: that takes a turn of its own.
  const { query, statement } = request.q === undefined ? await build() : await turn(build);
  // Only a tenant the token fixes narrows what outdates the answer (data-versions.ts), and
  // its answers share one cache share however many tokens (named alike or not) it holds.
  const fixed = principal.fixedParams(request.pipe.name).tenant_id;
  const tenant = typeof fixed === "string" ? fixed : undefined;
  const owner = tenant !== undefined ? `tenant:${tenant}` : `token:${principal.rateKey}`;
  // A declared CACHE is a plain time to live; otherwise the answer lasts until a write under it.
  const key = declared !== undefined ? statementKey(statement) : `${statementKey(statement)}@${versions!.versionOf(tenant)}`;
  // A row filter of the token's (in the settings) may read the clock too.
  const clock = readsClock(statement.sql) || readsClock(JSON.stringify(statement.settings));
  const ttlMs = declared !== undefined ? declared * 1000 : clock ? TIME_RELATIVE_MS : UNCHANGED_MS;
  // Each caller masks the shared statement's errors by what it sent itself.
  const cached = await withSentValues(query, () => deps.results.get(key, ttlMs, () => runStatement(engine, statement), turn, owner));
  return { ...cached.value, cache: { age: cached.age, outcome: cached.outcome } };
}
