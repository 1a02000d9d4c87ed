/**
 * exportTenant on a real chdb engine, in chunks of a few rows: NDJSON and CSV files made of
 * several statements read back as exactly the tenant's rows in order (CSV with one header),
 * days never split between chunks, and other tenants' rows never in the file.
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { exportTenant } from "../../src/data-ops/tenant-export.ts";
import { execute, type Engine } from "../../src/engine/engine.ts";
import { openEngine } from "../../src/engine/open-engine.ts";
import type { Datasource } from "../../src/project/model.ts";

const datasource = {
  name: "events",
  columns: [
    { name: "timestamp", type: "DateTime" },
    { name: "tenant_id", type: "String" },
    { name: "domain", type: "String" },
    { name: "n", type: "UInt32" },
  ],
} as unknown as Datasource;

let dir: string;
let engine: Engine;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "aviary-export-"));
  engine = await openEngine({ dataDir: dir, database: "aviary" });
  await execute(engine, "CREATE TABLE events (timestamp DateTime, tenant_id String, domain String, n UInt32) ENGINE = MergeTree ORDER BY (tenant_id, timestamp)");
  // Tenant a: 5 rows a day for 6 days; tenant b on the same days.
  await execute(engine, "INSERT INTO events SELECT toDateTime('2024-03-01 00:00:00') + intDiv(number, 5) * 86400 + number, if(number % 2 = 0, 'a', 'b'), 'a.com', number FROM numbers(60)");
});
after(async () => {
  await engine?.close();
  await rm(dir, { recursive: true, force: true });
});

test("NDJSON in chunks of whole days reads back as the tenant's rows, oldest first", async () => {
  const path = join(dir, "a.ndjson");
  const { rows } = await exportTenant(engine, { datasource, tenant: "a", format: "ndjson", path, chunkRows: 7 });
  const lines = (await readFile(path, "utf8")).trim().split("\n").map((l) => JSON.parse(l) as { tenant_id: string; n: number });
  assert.equal(rows, 30);
  assert.deepEqual(lines.map((l) => l.n), Array.from({ length: 30 }, (_, i) => i * 2));
  assert.deepEqual([...new Set(lines.map((l) => l.tenant_id))], ["a"]);
});

test("CSV in chunks has its header once", async () => {
  const path = join(dir, "a.csv");
  await exportTenant(engine, { datasource, tenant: "a", format: "csv", path, chunkRows: 4 });
  const lines = (await readFile(path, "utf8")).trim().split("\n");
  assert.equal(lines[0], '"timestamp","tenant_id","domain","n"');
  assert.equal(lines.length, 31);
  assert.equal(lines.filter((l) => l.startsWith('"timestamp"')).length, 1);
});

test("a tenant with no rows gets an empty NDJSON file and a CSV header", async () => {
  const ndjson = join(dir, "none.ndjson");
  const csv = join(dir, "none.csv");
  assert.equal((await exportTenant(engine, { datasource, tenant: "nobody", format: "ndjson", path: ndjson })).rows, 0);
  await exportTenant(engine, { datasource, tenant: "nobody", format: "csv", path: csv });
  assert.equal(await readFile(ndjson, "utf8"), "");
  assert.equal((await readFile(csv, "utf8")).trim(), '"timestamp","tenant_id","domain","n"');
});
