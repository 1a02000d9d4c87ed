/**
 * Quarantine rows are inserted with deduplication tokens like every other row, and
 * ClickHouse honours those tokens only on tables that keep a deduplication window.
 * Deploy creates `<ds>_quarantine` with one; a table from an earlier version of Aviary
 * may lack it, so the Events API adds it there, once, when it starts.
 */
import { DEDUP_SETTING, quoteIdent } from "../engine/ddl.ts";
import { execute, queryRows, type Engine } from "../engine/engine.ts";

/** False when the table does not exist (deploy did not create one). */
export async function ensureQuarantineDedup(engine: Engine, table: string): Promise<boolean> {
  const name = table.replace(/\\/g, "\\\\").replace(/'/g, "\\'");
  const [row] = await queryRows<{ engine_full: string }>(engine, `SELECT engine_full FROM system.tables WHERE database = currentDatabase() AND name = '${name}'`);
  if (!row) return false;
  // In a cluster `<ds>_quarantine` is Distributed: its shard-local table was created with its window.
  if (!/deduplication_window|^Distributed\(/.test(row.engine_full)) await execute(engine, `ALTER TABLE ${quoteIdent(table)} MODIFY SETTING ${DEDUP_SETTING}`);
  return true;
}
