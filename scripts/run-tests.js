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
let tail = "";
child.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  tail = (tail + chunk.toString()).slice(-8192);
});
child.on("close", (code) => {
  const count = (name) => Number(new RegExp(`ℹ ${name} (\\d+)`).exec(tail)?.[1] ?? 0);
  const skipped = count("skipped") + count("todo");
  console.log(`\n${count("pass")} passed, ${count("fail") + count("cancelled")} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
  process.exit(code ?? 1);
});
