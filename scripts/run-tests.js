#!/usr/bin/env node
// Runs every test file under test/ with node's test runner (TypeScript through tsx).
// Optional arguments narrow the run to files whose path contains one of them.
// Ends with a plain `N passed, N failed` line, whatever the reporter printed last.
import { spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "fixtures" || name === "helpers" ? [] : find(path);
    return name.endsWith(".test.ts") ? [path] : [];
  });
}

const filters = process.argv.slice(2);
const files = find("test").filter((f) => filters.length === 0 || filters.some((x) => f.includes(x))).sort();
const child = spawn(
  process.execPath,
  ["--import", "tsx", "--test", "--test-concurrency=2", "--test-timeout=600000", "--test-reporter=spec", ...files],
  { stdio: ["ignore", "pipe", "inherit"] },
);
// The reporter's summary (`ℹ pass N`, …) comes before the failures are listed again, which
// can run to many kilobytes: keep the counts as their lines go by rather than a tail.
const counts = {};
let partial = "";
child.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  const lines = (partial + chunk.toString()).split("\n");
  partial = lines.pop() ?? "";
  for (const line of lines) {
    const m = /^ℹ (\w+) (\d+)$/.exec(line);
    if (m) counts[m[1]] = Number(m[2]);
  }
});
child.on("close", (code) => {
  const count = (name) => counts[name] ?? 0;
  const skipped = count("skipped") + count("todo");
  console.log(`\n${count("pass")} passed, ${count("fail") + count("cancelled")} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
  process.exit(code ?? 1);
});
