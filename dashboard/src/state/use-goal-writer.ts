/**
 * Who may edit goals here: a JWT whose scopes write `analytics_goals` for its own tenant
 * (token-info.ts), or the admin for the tenant on screen. Anyone else gets undefined and
 * sees no editor; the server checks every write anyway.
 */
import type { ApiClient } from "../api/api-client.ts";
import { appendGoal, type GoalVersion } from "../api/goal-writes.ts";
import { useReport } from "./report-context.ts";
import { useSession } from "./session-context.ts";
import { useIsAdmin } from "./use-is-admin.ts";

export interface GoalWriter {
  readonly tenantId: string;
  readonly client: ApiClient;
  save(version: Omit<GoalVersion, "tenant_id">): Promise<void>;
}

export function useGoalWriter(): GoalWriter | undefined {
  const { tenantId } = useReport();
  const { client, info } = useSession();
  const admin = useIsAdmin();
  const allowed = info.kind === "jwt" ? info.writable?.includes("analytics_goals") === true : admin;
  if (!allowed || tenantId === undefined) return undefined;
  // A tenant's JWT gets its own tenant written in by the server whatever is sent; the admin's row names the tenant on screen.
  return { tenantId, client, save: (version) => appendGoal(client, { ...version, tenant_id: tenantId }) };
}
