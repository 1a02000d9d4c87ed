/**
 * The single workspace of a data directory: its id, the secret static tokens are signed
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

/** Returns the workspace and whether it was just created (so the token is printed once). */
export async function openWorkspace(dataDir: string, fixedAdminToken?: string): Promise<{ workspace: Workspace; created: boolean }> {
  const existing = await readWorkspace(dataDir);
  if (existing) return { workspace: fixedAdminToken ? { ...existing, adminToken: fixedAdminToken } : existing, created: false };
  const id = randomUUID();
  const secret = randomBytes(32).toString("base64url");
  const workspace: Workspace = { id, name: "aviary", secret, adminToken: fixedAdminToken ?? mintStaticToken(id, secret) };
  await mkdir(dataDir, { recursive: true });
  const tmp = join(dataDir, `${FILE}.tmp`);
  await writeFile(tmp, JSON.stringify(workspace, null, 2), { mode: 0o600 });
  await rename(tmp, join(dataDir, FILE));
  return { workspace, created: true };
}
