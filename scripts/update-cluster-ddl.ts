/**
 * Rewrites test/engine/expected/cluster-ddl/*.sql, the reviewed text of every statement a
 * cluster deploy sends (test/engine/cluster-scenario.ts). Run it on purpose after changing
 * the cluster DDL, and review the diff:  node --import tsx scripts/update-cluster-ddl.ts
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { EXPECTED_DIR, expectedText, KINDS, runClusterScenario, type Kind } from "../test/engine/cluster-scenario.ts";

const run = await runClusterScenario();
mkdirSync(EXPECTED_DIR, { recursive: true });
for (const kind of Object.keys(KINDS) as Kind[]) {
  writeFileSync(new URL(`${kind}.sql`, EXPECTED_DIR), expectedText(run, kind));
  console.log(`wrote test/engine/expected/cluster-ddl/${kind}.sql`);
}
