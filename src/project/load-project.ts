/** Loads a project from a datafile folder or a TypeScript module, then validates it. */
import { stat } from "node:fs/promises";
import { loadDatafileFolder, type LoadDatafilesOptions } from "./load-datafiles.ts";
import { loadDefinitionsModule } from "./load-definitions.ts";
import { ProjectError, type Project } from "./model.ts";
import { validateProject } from "./validate.ts";

/** `options.onNote` hears what a datafile project accepts but does not act on (TypeScript projects have none). */
export async function loadProject(path: string, options: LoadDatafilesOptions = {}): Promise<Project> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new ProjectError([{ loc: { file: path }, message: "no such file or folder (give a datafile folder or a TypeScript module with --project)" }]);
  const project = info.isDirectory() ? await loadDatafileFolder(path, options) : await loadDefinitionsModule(path);
  const issues = validateProject(project);
  if (issues.length > 0) throw new ProjectError(issues);
  return project;
}
