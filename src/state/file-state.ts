/**
 * The embedded engine's state: files in the data directory, as they have always been
 * (workspace.json, tokens.json, build/). One process holds a data directory (chdb locks
 * it), so there is nobody to share with: `exclusive` just runs, and every start deploys.
 */
import { openWorkspace, readWorkspace } from "../auth/workspace.ts";
import { saveBuild } from "../project/build-intake.ts";
import { FileTokens } from "./file-tokens.ts";
import { readTenantRetention, writeTenantRetention } from "./file-retention.ts";
import { localRunOnce } from "./run-once.ts";
import { fileVisitorSalt } from "./visitor-salt.ts";
import type { StateStore } from "./state-store.ts";

export function fileState(dataDir: string): StateStore {
  const tokens = new FileTokens(dataDir);
  return {
    kind: "files",
    readWorkspace: () => readWorkspace(dataDir),
    openWorkspace: (fixedAdminToken) => openWorkspace(dataDir, fixedAdminToken),
    tokens,
    saveBuild: async (files) => void (await saveBuild(dataDir, files)),
    latestBuild: async () => undefined,
    exclusive: (work) => work(),
    runOnce: localRunOnce,
    deployedVersion: async () => undefined,
    recordDeployedVersion: async () => undefined,
    startedVersion: async () => undefined,
    recordStartedVersion: async () => undefined,
    tenantRetention: () => readTenantRetention(dataDir),
    setTenantRetention: (tenant, days) => writeTenantRetention(dataDir, tenant, days),
    visitorSalt: (day) => fileVisitorSalt(dataDir, day),
    close: async () => tokens.close(),
  };
}
