/**
 * The bounds every statement of a request runs with, checks included. The embedded engine
 * runs one statement at a time, so a tenant's statement must end soon and within its share
 * of memory whatever it asks for; the admin keeps the longer timeout and no memory cap.
 */
import type { Principal } from "../auth/principal.ts";
import type { Config } from "../config.ts";
import type { Settings } from "../engine/engine.ts";

/** More rows or bytes than a dashboard can show: past them the statement fails, never truncates silently. */
const RESULT_ROWS = 1_000_000;
/** Tinybird's response size limit. */
const RESULT_BYTES = 100 * 1024 * 1024;

type LimitsConfig = Pick<Config, "queryTimeoutSeconds" | "tenantQueryTimeoutSeconds" | "queryMemoryBytes" | "sqlMemoryBytes">;

/**
 * ClickHouse checks `max_execution_time` between blocks, also while it computes a scalar
 * subquery or a generator's argument before the statement proper (measured with chdb 3.4:
 * `SELECT (SELECT sum(cityHash64(toString(number))) FROM numbers(6e9))` stops at the limit).
 * A single block's work can overrun it; `max_memory_usage` bounds how big that block gets.
 */
export function statementLimits(config: LimitsConfig, principal: Pick<Principal, "isAdmin">): Settings {
  if (principal.isAdmin) return { max_execution_time: config.queryTimeoutSeconds, timeout_overflow_mode: "throw" };
  return {
    max_execution_time: config.tenantQueryTimeoutSeconds,
    timeout_overflow_mode: "throw",
    max_memory_usage: config.queryMemoryBytes,
    max_result_rows: RESULT_ROWS,
    max_result_bytes: RESULT_BYTES,
    result_overflow_mode: "throw",
  };
}

/**
 * For a statement the token wrote (`/v0/sql`, a pipe with `q=`): less memory, since such a
 * statement can build one large value and sort it, work the time limit cannot cut, and what
 * that work costs grows with the value's size.
 */
export function writtenStatementLimits(config: LimitsConfig, principal: Pick<Principal, "isAdmin">): Settings {
  const limits = statementLimits(config, principal);
  return principal.isAdmin ? limits : { ...limits, max_memory_usage: config.sqlMemoryBytes };
}
