/**
 * The version of a project as deploy would apply it: a hash of its definitions (where
 * each came from left out) and the deploy mode. A node that finds this version recorded
 * as deployed has nothing to deploy.
 */
import { createHash } from "node:crypto";
import { definitionOf } from "../project/build-intake.ts";
import type { Project } from "../project/model.ts";

export function projectVersion(project: Project, cluster: string | undefined): string {
  const definitions = definitionOf({ cluster: cluster ?? null, datasources: [...project.datasources.values()], pipes: [...project.pipes.values()] });
  return createHash("sha256").update(definitions).digest("hex");
}
