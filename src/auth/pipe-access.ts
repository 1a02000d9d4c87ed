/**
 * What a restricted token's pipe request becomes before it runs: its `q=` checked to
 * read only `_` (the pipe rendered with the token's fixed parameters) and normalized by
 * ClickHouse, and its DATASOURCES:READ filters as engine settings. The admin runs as asked.
 */
import type { Engine, Settings } from "../engine/engine.ts";
import { inspectStatement, withoutFormat } from "../engine/sql-guard.ts";
import type { Pipe, Project } from "../project/model.ts";
import { pipeStatement } from "../query/run-pipe.ts";
import { readableDatasources, rowFilterSettings } from "./datasource-access.ts";
import type { Principal, Variables } from "./principal.ts";
import { authorizePipeQuery } from "./sql-access.ts";

export interface RestrictedPipeRequest {
  readonly q?: string;
  readonly settings: Settings;
}

export async function restrictPipeRequest(engine: Engine, project: Project, principal: Principal, pipe: Pipe, variables: Variables, q: string | undefined): Promise<RestrictedPipeRequest> {
  if (principal.isAdmin) return { q, settings: {} };
  const settings = rowFilterSettings(engine.database, readableDatasources(project, principal));
  if (q === undefined) return { settings };
  const shape = await inspectStatement(engine, q);
  // The normalized text is what was checked, so it is what runs.
  const checked = withoutFormat(shape);
  await authorizePipeQuery(engine, project, pipe.name, shape, pipeStatement(project, { pipe, variables, q: checked }).sql);
  return { q: checked, settings };
}
