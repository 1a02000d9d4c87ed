/**
 * Front door 3: the files of a `POST /v1/build` (what `tinybird build` sends). Turns the
 * multipart parts into datafiles, refuses what Aviary cannot run with one entry per file,
 * and describes what a new project changes against the deployed one, in the terms of
 * Tinybird's build response.
 */
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { DatafileInput } from "./load-datafiles.ts";
import type { Project, ProjectIssue } from "./model.ts";

/** One uploaded part: the SDK sends every file under the field name `data_project://`. */
export interface BuildPart {
  readonly fieldname: string;
  readonly filename: string;
  readonly content: string;
}

/** An entry of the build response's `errors[]`, as the CLI prints it (`[filename] error`). */
export interface BuildIssue {
  readonly filename?: string;
  readonly error: string;
}

export interface BuildIntake {
  readonly files: readonly DatafileInput[];
  readonly issues: readonly BuildIssue[];
}

// A base name only: the files are also written under the data directory.
const FILE_NAME = /^[A-Za-z_][A-Za-z0-9_]*\.(datasource|pipe|incl|connection)$/;

export function intakeBuildParts(parts: readonly BuildPart[]): BuildIntake {
  const files: DatafileInput[] = [];
  const issues: BuildIssue[] = [];
  const seen = new Set<string>();
  for (const part of parts) {
    const filename = part.filename;
    const kind = FILE_NAME.exec(filename)?.[1];
    if (kind === undefined) {
      issues.push({ filename, error: "not a datafile: expected <name>.datasource, <name>.pipe, <name>.incl or <name>.connection, with a name of letters, digits and _" });
    } else if (seen.has(filename)) {
      issues.push({ filename, error: "sent twice in one build" });
    } else {
      seen.add(filename);
      files.push({ name: filename, content: part.content });
    }
  }
  if (parts.length === 0) issues.push({ error: "the build has no files: send the project's .datasource and .pipe files as multipart parts" });
  return { files, issues };
}

const withLine = (issue: ProjectIssue): string => (issue.loc.line === undefined ? issue.message : `line ${issue.loc.line}: ${issue.message}`);

/** Project issues carry `file:line`; the CLI shows the file itself, so the line goes in the message. */
export function buildIssuesOf(issues: readonly ProjectIssue[]): BuildIssue[] {
  return issues.map((issue) => ({ filename: issue.loc.file, error: withLine(issue) }));
}

/** An entry of the build response's `feedback[]`, which `tb build` prints as `△ WARNING: resource: message`. */
export interface BuildFeedback {
  readonly resource: string | null;
  readonly level: "WARNING";
  readonly message: string;
}

/** What the build accepted but does not act on; notes about the whole build name no resource. */
export function buildFeedbackOf(notes: readonly ProjectIssue[], source: string): BuildFeedback[] {
  return notes.map((note) => ({ resource: note.loc.file === source ? null : note.loc.file, level: "WARNING", message: withLine(note) }));
}

export interface BuildChanges {
  readonly new_datasource_names: string[];
  readonly changed_datasource_names: string[];
  readonly deleted_datasource_names: string[];
  readonly new_pipe_names: string[];
  readonly changed_pipe_names: string[];
  readonly deleted_pipe_names: string[];
}

// Where a definition came from is not part of what it is: the same datasource loaded
// from TypeScript before and from a datafile now is unchanged.
export const definitionOf = (resource: object): string =>
  JSON.stringify(resource, (key, value: unknown) => (key === "loc" || key === "sqlLine" ? undefined : value));

function diff<T extends object>(before: ReadonlyMap<string, T>, after: ReadonlyMap<string, T>): [string[], string[], string[]] {
  const created = [...after.keys()].filter((name) => !before.has(name));
  const deleted = [...before.keys()].filter((name) => !after.has(name));
  const changed = [...after.entries()].filter(([name, r]) => before.has(name) && definitionOf(before.get(name)!) !== definitionOf(r)).map(([name]) => name);
  return [created.sort(), changed.sort(), deleted.sort()];
}

export function projectChanges(before: Project, after: Project): BuildChanges {
  const [newDs, changedDs, deletedDs] = diff(before.datasources, after.datasources);
  const [newPipes, changedPipes, deletedPipes] = diff(before.pipes, after.pipes);
  return {
    new_datasource_names: newDs,
    changed_datasource_names: changedDs,
    deleted_datasource_names: deletedDs,
    new_pipe_names: newPipes,
    changed_pipe_names: changedPipes,
    deleted_pipe_names: deletedPipes,
  };
}

export function hasChanges(changes: BuildChanges): boolean {
  return Object.values(changes).some((names: string[]) => names.length > 0);
}

/** Folder of the data directory that keeps the last successful build's datafiles. */
export const BUILD_FOLDER = "build";

/**
 * Keeps the deployed build's datafiles in `<dataDir>/build`, replaced as a whole, so the
 * project can be started again from them (`--project <dataDir>/build`).
 */
export async function saveBuild(dataDir: string, files: readonly DatafileInput[]): Promise<string> {
  const target = join(dataDir, BUILD_FOLDER);
  const staging = `${target}.tmp`;
  const old = `${target}.old`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  for (const file of files) await writeFile(join(staging, file.name), file.content);
  await rm(old, { recursive: true, force: true });
  await rename(target, old).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== "ENOENT") throw err;
  });
  await rename(staging, target);
  await rm(old, { recursive: true, force: true });
  return target;
}
