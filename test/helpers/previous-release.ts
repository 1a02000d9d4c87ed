/**
 * The release an installation upgrades from, checked out beside this one: the tree of the
 * last release tag (else the commit it names, for clones without tags) from this clone's
 * history, with this checkout's node_modules (the releases share their dependencies; a
 * release that changes them must change this too). Undefined when the history lacks it (a
 * shallow clone): the caller says so and skips.
 */
import { execFile, spawn } from "node:child_process";
import { mkdir, symlink } from "node:fs/promises";
import { join } from "node:path";

export const PREVIOUS_RELEASE = { tag: "v0.1.0", commit: "f9ce0da" } as const;

const ROOT = new URL("../..", import.meta.url).pathname;

function git(args: readonly string[]): Promise<string | undefined> {
  return new Promise((resolve) => execFile("git", ["-C", ROOT, ...args], (err, stdout) => resolve(err ? undefined : stdout.trim())));
}

/** Extracts the release's tree into `dir`; its path, or undefined without the history. */
export async function checkoutPreviousRelease(dir: string): Promise<string | undefined> {
  const commit = (await git(["rev-parse", "--verify", "--quiet", `${PREVIOUS_RELEASE.tag}^{commit}`])) ?? (await git(["rev-parse", "--verify", "--quiet", `${PREVIOUS_RELEASE.commit}^{commit}`]));
  if (commit === undefined) return undefined;
  const tree = join(dir, "release");
  await mkdir(tree, { recursive: true });
  await new Promise<void>((resolve, reject) => {
    const archive = spawn("git", ["-C", ROOT, "archive", "--format=tar", commit], { stdio: ["ignore", "pipe", "inherit"] });
    const untar = spawn("tar", ["-x", "-C", tree], { stdio: ["pipe", "inherit", "inherit"] });
    archive.stdout.pipe(untar.stdin);
    untar.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`extracting ${commit} failed: tar exited ${code}`))));
  });
  await symlink(join(ROOT, "node_modules"), join(tree, "node_modules"));
  return tree;
}
