/**
 * The single workspace of a data directory (the embedded engine's; state-store.ts): its id, the secret static tokens are signed
 * with, and the admin token. Created on first start, then read back unchanged.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { mintStaticToken } from "./static-token.ts";

export interface Workspace {
  readonly id: string;
  readonly name: string;
  readonly secret: string;
  readonly adminToken: string;
}

const FILE = "workspace.json";

export async function readWorkspace(dataDir: string): Promise<Workspace | undefined> {
  try {
    return JSON.parse(await readFile(join(dataDir, FILE), "utf8")) as Workspace;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

/** A new workspace: a fresh id and secret, and an admin token signed with them unless one is fixed. */
export function newWorkspace(fixedAdminToken?: string): Workspace {
  const id = randomUUID();
  const secret = randomBytes(32).toString("base64url");
  return { id, name: "aviary", secret, adminToken: fixedAdminToken ?? mintStaticToken(id, secret) };
}

/** A stored workspace as this server uses it: a fixed admin token (AVIARY_ADMIN_TOKEN) wins. */
export const withAdminToken = (workspace: Workspace, fixedAdminToken?: string): Workspace => (fixedAdminToken ? { ...workspace, adminToken: fixedAdminToken } : workspace);

/** Returns the workspace and whether it was just created (so the token is printed once). */
export async function openWorkspace(dataDir: string, fixedAdminToken?: string): Promise<{ workspace: Workspace; created: boolean }> {
  const existing = await readWorkspace(dataDir);
  if (existing) return { workspace: withAdminToken(existing, fixedAdminToken), created: false };
  const workspace = newWorkspace(fixedAdminToken);
  await mkdir(dataDir, { recursive: true });
  const tmp = join(dataDir, `${FILE}.tmp`);
  await writeFile(tmp, JSON.stringify(workspace, null, 2), { mode: 0o600 });
  await rename(tmp, join(dataDir, FILE));
  return { workspace, created: true };
}
