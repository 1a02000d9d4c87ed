/**
 * Front door for Tinybird datafiles: a folder on disk, or the files of a
 * `POST /v1/build`. Parses every file (with the .incl files it includes), validates the
 * whole project, and fails with every issue found at once rather than the first. What is
 * accepted but read differently or inactive (connectors, classic endpoints, ignored
 * keywords) is told as notes: warnings for the deploy log and the build response.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, posix } from "node:path";
import { makeProject, ProjectError, type Datasource, type Pipe, type Project, type ProjectIssue } from "./model.ts";
import { readDatafile } from "./datafile-read.ts";
import { publishClassicEndpoints } from "./classic-format.ts";
import { inactiveConnectorsNote } from "./datafile-connector.ts";
import { validateProject } from "./validate.ts";

export interface DatafileInput {
  /** File name, possibly with folders: `analytics_events.datasource`, `pipes/kpis.pipe`, `includes/shared.incl`. */
  readonly name: string;
  readonly content: string;
}

export interface LoadDatafilesOptions {
  /** Told about what was accepted but is inactive or read differently, once the project loads. */
  readonly onNote?: (note: ProjectIssue) => void;
}

const byLocation = (a: ProjectIssue, b: ProjectIssue): number =>
  a.loc.file === b.loc.file ? (a.loc.line ?? 0) - (b.loc.line ?? 0) : a.loc.file < b.loc.file ? -1 : 1;

export function loadDatafiles(files: readonly DatafileInput[], source: string, options: LoadDatafilesOptions = {}): Project {
  const issues: ProjectIssue[] = [];
  const notes: ProjectIssue[] = [];
  const datasources = new Map<string, Datasource>();
  const pipes = new Map<string, Pipe>();
  const includes = new Map(files.filter((f) => f.name.endsWith(".incl")).map((f) => [posix.normalize(f.name.replace(/\\/g, "/")), f.content]));

  for (const { name: file, content } of files) {
    if (file.endsWith(".datasource") || file.endsWith(".pipe")) {
      const parsed = readDatafile(file, content, includes);
      issues.push(...parsed.issues);
      notes.push(...parsed.notes);
      if ("datasource" in parsed && parsed.datasource) addUnique(datasources, parsed.datasource, issues);
      if ("pipe" in parsed && parsed.pipe) addUnique(pipes, parsed.pipe, issues);
    } else if (file.endsWith(".connection")) {
      notes.push({ loc: { file }, message: "inactive: Aviary connects to no external service; the datasources and sinks using this connection are ordinary tables and pipes" });
    } else if (!file.endsWith(".incl")) {
      notes.push({ loc: { file }, message: "ignored: only .datasource and .pipe files are read" });
    }
  }
  if (datasources.size === 0 && pipes.size === 0) {
    issues.push({ loc: { file: source }, message: "no .datasource or .pipe files found" });
  }

  const classic = publishClassicEndpoints([...pipes.values()], source);
  const project = makeProject(source, [...datasources.values()], classic.pipes);
  notes.push(...[classic.note, inactiveConnectorsNote([...datasources.values()], classic.pipes, source)].filter((n) => n !== undefined));
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

/**
 * Relative paths of every datafile and .incl under `dir`, skipping node_modules, dot-folders
 * and the top-level `vendor` (Tinybird's copies of other workspaces' datasources).
 */
async function findDatafiles(dir: string, prefix = ""): Promise<string[]> {
  const entries = await readdir(join(dir, prefix), { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && !entry.name.startsWith(".") && path !== "vendor") found.push(...(await findDatafiles(dir, path)));
    } else if (entry.isFile() && /\.(datasource|pipe|incl)$/.test(entry.name)) found.push(path);
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
