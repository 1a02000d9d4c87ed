/**
 * Runs `aviary …` (bin/aviary.js) to the end, as a user's shell would, and hands back
 * what it printed and how it exited, failures included.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** Added to this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Run as this user id (and group), e.g. to meet a directory it may not write. */
  readonly uid?: number;
}

const ROOT = new URL("../..", import.meta.url).pathname;

export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const ids = options.uid === undefined ? {} : { uid: options.uid, gid: options.uid };
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, "bin/aviary.js"), ...args], { cwd: ROOT, env: { ...process.env, ...options.env }, ...ids }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
