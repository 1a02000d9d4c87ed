/**
 * `aviary tenant delete T [--domain D]` and `aviary tenant export T --format F --out FILE`:
 * a customer leaving, through the running server's admin API (`/v0/tenants/…`), so deletes
 * wait their turn with ingestion and exports stream. Delete waits for its job and prints
 * what each table lost and that none holds a row of the tenant any more.
 */
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { Command } from "commander";
import { fail, failure, followJob } from "./follow-job.ts";
import { serverAddress, serverOptions, type ServerFlags } from "./server-address.ts";
import { withCommandState, withStateOptions } from "./token-context.ts";

interface TenantFlags extends ServerFlags {
  domain?: string;
}

interface ExportFlags extends TenantFlags {
  format: string;
  out: string;
  datasource?: string;
}

async function deleteTenant(tenant: string, flags: TenantFlags): Promise<void> {
  const { url, token } = await serverAddress("tenant delete", flags);
  const what = flags.domain === undefined ? `tenant ${tenant}` : `domain ${flags.domain} of tenant ${tenant}`;
  const body = new URLSearchParams(flags.domain === undefined ? {} : { domain: flags.domain });
  const job = await followJob("tenant delete", url, token, `/v0/tenants/${encodeURIComponent(tenant)}/delete`, body, (id) =>
    console.error(`deleting ${what} (job ${id}); ingestion waits meanwhile, its events are kept in the write-ahead log`),
  );
  for (const [table, rows] of Object.entries((job.deleted_rows ?? {}) as Record<string, number>)) console.log(`${table}\t${rows} rows deleted`);
  const rows = Number(job.rows_affected ?? 0);
  console.log(`${rows} rows deleted; verified: no table holds a row of ${what}`);
  // A typo in the id looks just like a tenant already gone.
  if (rows === 0) console.error(`no row of ${what} was found: check the id (tenant ids are case-sensitive)`);
}

async function exportTenant(tenant: string, flags: ExportFlags): Promise<void> {
  const { url, token } = await serverAddress("tenant export", flags);
  const query = new URLSearchParams({ format: flags.format, ...(flags.domain !== undefined && { domain: flags.domain }), ...(flags.datasource !== undefined && { datasource: flags.datasource }) });
  const res = await fetch(`${url}/v0/tenants/${encodeURIComponent(tenant)}/export?${query}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok || !res.body) return failure("tenant export", res);
  await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), createWriteStream(flags.out));
  console.log(`${res.headers.get("x-aviary-rows") ?? "?"} rows written to ${flags.out} (${flags.format})`);
}

interface RetentionFlags {
  days?: string;
  dataDir?: string;
  clickhouseUrl?: string;
  clickhouseCluster?: string;
}

/** Sets (or, without `--days`, shows) how long tenants' rows are kept; it takes effect at the server's next start. */
async function tenantRetention(tenant: string | undefined, flags: RetentionFlags): Promise<void> {
  await withCommandState(flags, async (store) => {
    if (tenant !== undefined && flags.days !== undefined) {
      const days = Number(flags.days);
      if (!Number.isInteger(days) || days < 0) fail("retention", `--days must be a whole number of days (0 removes the tenant's rule), got ${JSON.stringify(flags.days)}`);
      await store.setTenantRetention(tenant, days);
      console.error(days > 0 ? `${tenant}'s rows older than ${days} days will be deleted` : `${tenant} keeps the server's retention`);
      console.error("this takes effect at the server's next start, as --retention-days does: restart it");
    }
    const rules = Object.entries(await store.tenantRetention()).filter(([name]) => tenant === undefined || name === tenant);
    for (const [name, days] of rules) console.log(`${name}\t${days} days`);
  });
}

export function tenantCommand(): Command {
  const tenant = new Command("tenant").description("a tenant's data: delete it everywhere, or export it (through the running server)");
  tenant.addCommand(
    serverOptions(new Command("delete"))
      .description("delete every row of a tenant (or of one of its domains) from every datasource, its quarantine and every view; then check none is left")
      .argument("<tenant>", "the tenant_id")
      .option("--domain <domain>", "only this domain of the tenant")
      .action((name: string, flags: TenantFlags) => deleteTenant(name, flags)),
  );
  tenant.addCommand(
    serverOptions(new Command("export"))
      .description("write a tenant's raw events (or another datasource's rows of it) to a file, oldest first")
      .argument("<tenant>", "the tenant_id")
      .requiredOption("--out <file>", "where to write")
      .option("--format <format>", "ndjson, csv or parquet", "ndjson")
      .option("--domain <domain>", "only this domain of the tenant")
      .option("--datasource <name>", "the datasource to export", "analytics_events")
      .action((name: string, flags: ExportFlags) => exportTenant(name, flags)),
  );
  tenant.addCommand(
    withStateOptions(new Command("retention"))
      .description("keep a tenant's rows N days, on top of the server's --retention-days (TTL rules, applied at the next start); without --days, show the rules")
      .argument("[tenant]", "the tenant_id")
      .option("--days <n>", "days to keep; 0 removes the tenant's rule")
      .action((name: string | undefined, flags: RetentionFlags) => tenantRetention(name, flags)),
  );
  return tenant;
}
