/**
 * What `aviary start` checks before it creates or deploys anything, so that a start that
 * cannot succeed fails in one line that says what to do, and leaves nothing behind: the
 * data directory can be written (or created), no other server holds it, the port is free.
 */
import { constants } from "node:fs";
import { access, mkdir, rmdir, stat } from "node:fs/promises";
import { createServer } from "node:net";
import { dirname, join, relative, sep } from "node:path";
import type { Config } from "../config.ts";
import { dataDirHolder } from "./server-file.ts";

/** A start that cannot succeed as configured: the message is the whole report. */
export class StartupError extends Error {}

const DATA_DIR_FLAG = "--data-dir (AVIARY_DATA_DIR)";

/** The directory itself when it exists, else the nearest ancestor that does (where it would be created). */
async function nearestExisting(path: string): Promise<{ path: string; isDirectory: boolean }> {
  for (let at = path; ; at = dirname(at)) {
    const found = await stat(at).catch((err: NodeJS.ErrnoException) => {
      if ((err.code === "ENOENT" || err.code === "ENOTDIR") && dirname(at) !== at) return undefined;
      if (err.code === "EACCES") throw new StartupError(`the data directory ${path} cannot be reached: a directory on the way to it is not readable by this user; pass another path with ${DATA_DIR_FLAG}`);
      throw err;
    });
    if (found) return { path: at, isDirectory: found.isDirectory() };
  }
}

const WHY: Record<string, string> = { EROFS: "is on a read-only file system", ENOSPC: "has no space left" };

/**
 * A directory that does not exist yet is created level by level and removed again: only
 * trying tells (root passes every permission check, and some file systems, /proc, refuse
 * anyway, where a recursive mkdir would loop).
 */
async function tryCreate(dataDir: string, parent: string): Promise<void> {
  const levels = relative(parent, dataDir).split(sep);
  const created: string[] = [];
  try {
    for (const level of levels) {
      const path = join(created.at(-1) ?? parent, level);
      await mkdir(path);
      created.push(path);
    }
  } catch (err) {
    const why = WHY[(err as NodeJS.ErrnoException).code ?? ""] ?? "does not let this user create directories in it";
    throw new StartupError(`the data directory ${dataDir} cannot be created: ${created.at(-1) ?? parent} ${why}; pass another path with ${DATA_DIR_FLAG}`);
  } finally {
    for (const path of created.reverse()) await rmdir(path);
  }
}

export async function checkDataDir(dataDir: string): Promise<void> {
  const existing = await nearestExisting(dataDir);
  if (!existing.isDirectory) {
    const verb = existing.path === dataDir ? "used" : "created";
    throw new StartupError(`the data directory ${dataDir} cannot be ${verb}: ${existing.path} is a file, not a directory; pass another path with ${DATA_DIR_FLAG}`);
  }
  if (existing.path !== dataDir) return tryCreate(dataDir, existing.path);
  try {
    await access(dataDir, constants.W_OK | constants.X_OK);
  } catch (err) {
    const why = WHY[(err as NodeJS.ErrnoException).code ?? ""] ?? "is not writable by this user";
    throw new StartupError(`the data directory ${dataDir} ${why}; pass another path with ${DATA_DIR_FLAG}`);
  }
}

export async function checkNotHeld(dataDir: string): Promise<void> {
  const holder = await dataDirHolder(dataDir);
  if (holder) throw inUse(dataDir, holder);
}

export function inUse(dataDir: string, holder: string): StartupError {
  return new StartupError(`the data directory ${dataDir} is in use by ${holder}; stop it, or start this one with another ${DATA_DIR_FLAG}`);
}

/** What a failed listen means for this host and port, or undefined for an error that is no configuration problem. */
export function listenProblem(err: unknown, host: string, port: number): string | undefined {
  switch ((err as NodeJS.ErrnoException).code) {
    case "EADDRINUSE":
      return `port ${port} is in use on ${host} (another \`aviary start\`?); stop what holds it, or pick another port with --port N (AVIARY_PORT)`;
    case "EACCES":
      return `port ${port} needs privileges on this system; pick a port above 1023 with --port N (AVIARY_PORT)`;
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `cannot listen on ${host}: it is no address of this machine; pass one with --host (AVIARY_HOST), e.g. 127.0.0.1 or 0.0.0.0`;
    default:
      return undefined;
  }
}

/** Binds the port and lets it go: the server binds it for real only after deploying, seconds later. */
export async function checkPort(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once("error", reject);
      probe.listen({ host, port, exclusive: true }, resolve);
    });
  } catch (err) {
    const problem = listenProblem(err, host, port);
    throw problem ? new StartupError(problem) : err;
  }
  await new Promise((done) => probe.close(done));
}

export async function checkBeforeStart(config: Config): Promise<void> {
  await checkDataDir(config.dataDir);
  await checkNotHeld(config.dataDir);
  await checkPort(config.host, config.port);
}
