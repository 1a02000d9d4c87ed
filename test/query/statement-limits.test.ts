/** The settings each kind of token's statements run with. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { statementLimits, writtenStatementLimits } from "../../src/query/statement-limits.ts";

const config = { queryTimeoutSeconds: 30, tenantQueryTimeoutSeconds: 10, queryMemoryBytes: 4 * 2 ** 30, sqlMemoryBytes: 2 ** 30 };

test("a tenant's statements: its timeout, memory cap and a dashboard-sized result, all failing loudly", () => {
  assert.deepEqual(statementLimits(config, { isAdmin: false }), {
    max_execution_time: 10,
    timeout_overflow_mode: "throw",
    max_memory_usage: 4 * 2 ** 30,
    max_result_rows: 1_000_000,
    max_result_bytes: 100 * 2 ** 20,
    result_overflow_mode: "throw",
  });
});

test("the admin's statements: the longer timeout and no memory or result cap", () => {
  assert.deepEqual(statementLimits(config, { isAdmin: true }), { max_execution_time: 30, timeout_overflow_mode: "throw" });
  assert.deepEqual(writtenStatementLimits(config, { isAdmin: true }), { max_execution_time: 30, timeout_overflow_mode: "throw" });
});

test("SQL a tenant writes gets the SQL memory cap, and everything else of a tenant's limits", () => {
  assert.deepEqual(writtenStatementLimits(config, { isAdmin: false }), { ...statementLimits(config, { isAdmin: false }), max_memory_usage: 2 ** 30 });
});
