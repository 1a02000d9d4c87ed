/**
 * Front door for Tinybird datafiles: a folder on disk, or the files of a
 * `POST /v1/build`. Parses every file, validates the whole project, and fails with every
 * issue found at once rather than the first.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { makeProject, ProjectError, type Datasource, type Pipe, type Project, type ProjectIssue } from "./model.ts";
import { parseDatasourceFile, parsePipeFile } from "./datafile-parser.ts";
import { validateProject } from "./validate.ts";

export interface DatafileInput {
  /** File name, possibly with folders: `analytics_events.datasource`, `pipes/kpis.pipe`. */
  readonly name: string;
  readonly content: string;
}

export interface LoadDatafilesOptions {
  /** Told about keywords and files that were accepted but ignored. */
  readonly onNote?: (note: ProjectIssue) => void;
}

const byLocation = (a: ProjectIssue, b: ProjectIssue): number =>
  a.loc.file === b.loc.file ? (a.loc.line ?? 0) - (b.loc.line ?? 0) : a.loc.file < b.loc.file ? -1 : 1;

export function loadDatafiles(files: readonly DatafileInput[], source: string, options: LoadDatafilesOptions = {}): Project {
  const issues: ProjectIssue[] = [];
  const notes: ProjectIssue[] = [];
  const datasources = new Map<string, Datasource>();
  const pipes = new Map<string, Pipe>();

  for (const { name: file, content } of files) {
    if (file.endsWith(".datasource")) {
      const parsed = parseDatasourceFile(content, file);
      issues.push(...parsed.issues);
      notes.push(...parsed.notes);
      if (parsed.datasource) addUnique(datasources, parsed.datasource, issues);
    } else if (file.endsWith(".pipe")) {
      const parsed = parsePipeFile(content, file);
      issues.push(...parsed.issues);
      notes.push(...parsed.notes);
      if (parsed.pipe) addUnique(pipes, parsed.pipe, issues);
    } else {
      notes.push({ loc: { file }, message: "ignored: only .datasource and .pipe files are read" });
    }
  }
  if (datasources.size === 0 && pipes.size === 0) {
    issues.push({ loc: { file: source }, message: "no .datasource or .pipe files found" });
  }

  const project = makeProject(source, [...datasources.values()], [...pipes.values()]);
  issues.push(...validateProject(project));
  for (const note of notes) options.onNote?.(note);
  if (issues.length > 0) throw new ProjectError([...issues].sort(byLocation));
  return project;
}

/** Two files with the same base name in different folders would define one resource twice. */
function addUnique<T extends Datasource | Pipe>(into: Map<string, T>, item: T, issues: ProjectIssue[]): void {
  const existing = into.get(item.name);
  if (existing === undefined) into.set(item.name, item);
  else issues.push({ loc: item.loc, message: `${item.kind} "${item.name}" is already defined in ${existing.loc.file}` });
}

/** Relative paths of every datafile under `dir`, skipping node_modules and dot-folders. */
async function findDatafiles(dir: string, prefix = ""): Promise<string[]> {
  const entries = await readdir(join(dir, prefix), { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && !entry.name.startsWith(".")) found.push(...(await findDatafiles(dir, path)));
    } else if (entry.isFile() && /\.(datasource|pipe)$/.test(entry.name)) found.push(path);
  }
  return found;
}

/** Loads every `.datasource` and `.pipe` under `dir`; issues name files as `dir/relative/path`. */
export async function loadDatafileFolder(dir: string, options: LoadDatafilesOptions = {}): Promise<Project> {
  let paths: string[];
  try {
    paths = await findDatafiles(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "folder not found" : code === "ENOTDIR" ? "not a folder" : `can not read the folder (${code ?? String(error)})`;
    throw new ProjectError([{ loc: { file: dir }, message: why }]);
  }
  const files = await Promise.all(paths.map(async (path) => ({ name: join(dir, path), content: await readFile(join(dir, path), "utf8") })));
  return loadDatafiles(files, dir, options);
}
