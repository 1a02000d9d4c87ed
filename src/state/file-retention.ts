/**
 * `<data-dir>/retention.json`: days kept per tenant (`aviary tenant retention`), read at start.
 * Written whole and renamed into place, so a reader never sees half of it.
 */
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";

export const RETENTION_FILE = "retention.json";

export async function readTenantRetention(dataDir: string): Promise<Record<string, number>> {
  const text = await readFile(join(dataDir, RETENTION_FILE), "utf8").catch(() => "{}");
  return (JSON.parse(text) as { tenants?: Record<string, number> }).tenants ?? {};
}

export async function writeTenantRetention(dataDir: string, tenant: string, days: number): Promise<void> {
  const tenants = await readTenantRetention(dataDir);
  if (days > 0) tenants[tenant] = days;
  else delete tenants[tenant];
  const path = join(dataDir, RETENTION_FILE);
  await writeFile(`${path}.${process.pid}.tmp`, `${JSON.stringify({ tenants }, null, 2)}\n`);
  await rename(`${path}.${process.pid}.tmp`, path);
}
