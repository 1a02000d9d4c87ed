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
import { serverAddress, type ServerFlags } from "./server-address.ts";

interface TenantFlags extends ServerFlags {
  domain?: string;
}

interface ExportFlags extends TenantFlags {
  format: string;
  out: string;
  datasource?: string;
}

function serverOptions(command: Command): Command {
  return command
    .option("--url <url>", "server URL (default: the server running on the data directory)")
    .option("--token <token>", "the admin token (default: the data directory's)")
    .option("--data-dir <dir>", "data directory of the running server (AVIARY_DATA_DIR)")
    .option("--clickhouse-url <url>", "the server's ClickHouse, when it uses one: where its admin token is read from (AVIARY_CLICKHOUSE_URL)");
}

function fail(command: string, message: string): never {
  console.error(`aviary tenant ${command}: ${message}`);
  process.exit(1);
}

async function failure(command: string, res: Response): Promise<never> {
  const text = await res.text();
  let message = text;
  try {
    message = (JSON.parse(text) as { error?: string }).error ?? text;
  } catch {
    // Not JSON: the text as it came.
  }
  return fail(command, `${res.status} ${message}`);
}

async function deleteTenant(tenant: string, flags: TenantFlags): Promise<void> {
  const { url, token } = await serverAddress("tenant delete", flags);
  const headers = { authorization: `Bearer ${token}` };
  const body = new URLSearchParams(flags.domain === undefined ? {} : { domain: flags.domain });
  const res = await fetch(`${url}/v0/tenants/${encodeURIComponent(tenant)}/delete`, { method: "POST", headers, body });
  if (res.status !== 201) return failure("delete", res);
  const { job_id: id } = (await res.json()) as { job_id: string };
  const what = flags.domain === undefined ? `tenant ${tenant}` : `domain ${flags.domain} of tenant ${tenant}`;
  console.error(`deleting ${what} (job ${id}); ingestion waits meanwhile, its events are kept in the write-ahead log`);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const poll = await fetch(`${url}/v0/jobs/${id}`, { headers });
    if (!poll.ok) return failure("delete", poll);
    const job = (await poll.json()) as { status: string; error?: string; deleted_rows?: Record<string, number>; rows_affected?: number };
    if (job.status === "error") fail("delete", job.error ?? "the job failed");
    if (job.status !== "done") continue;
    for (const [table, rows] of Object.entries(job.deleted_rows ?? {})) console.log(`${table}\t${rows} rows deleted`);
    console.log(`${job.rows_affected ?? 0} rows deleted; verified: no table holds a row of ${what}`);
    return;
  }
}

async function exportTenant(tenant: string, flags: ExportFlags): Promise<void> {
  const { url, token } = await serverAddress("tenant export", flags);
  const query = new URLSearchParams({ format: flags.format, ...(flags.domain !== undefined && { domain: flags.domain }), ...(flags.datasource !== undefined && { datasource: flags.datasource }) });
  const res = await fetch(`${url}/v0/tenants/${encodeURIComponent(tenant)}/export?${query}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok || !res.body) return failure("export", res);
  await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), createWriteStream(flags.out));
  console.log(`${res.headers.get("x-aviary-rows") ?? "?"} rows written to ${flags.out} (${flags.format})`);
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
  return tenant;
}
