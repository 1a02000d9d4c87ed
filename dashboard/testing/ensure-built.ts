/**
 * Builds dashboard/dist when it is missing or older than any source file, so browser
 * tests and the benchmark always run against the current code. Concurrent test files
 * share one build through a lock directory (mkdir is atomic).
 */
import { createHash } from "node:crypto";
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const DASHBOARD = fileURLToPath(new URL("..", import.meta.url));
const DIST_INDEX = join(DASHBOARD, "dist", "index.html");
// Outside the checkout (nothing to ignore), one per checkout.
const LOCK = join(tmpdir(), `aviary-dashboard-build-${createHash("sha1").update(DASHBOARD).digest("hex").slice(0, 12)}.lock`);
const SOURCES = ["index.html", "vite.config.ts", "src"];

async function newestSource(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path);
  const times = await Promise.all(entries.map((e) => newestSource(join(path, e))));
  return Math.max(info.mtimeMs, ...times);
}

async function isFresh(): Promise<boolean> {
  try {
    const built = (await stat(DIST_INDEX)).mtimeMs;
    const sources = await Promise.all(SOURCES.map((s) => newestSource(join(DASHBOARD, s))));
    return built >= Math.max(...sources);
  } catch {
    return false;
  }
}

async function lock(): Promise<void> {
  for (let waited = 0; ; waited += 200) {
    try {
      await mkdir(LOCK);
      return;
    } catch {
      // Another process is building; a lock older than two minutes is from a crashed run.
      const age = Date.now() - (await stat(LOCK).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > 120_000) await rm(LOCK, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export async function ensureDashboardBuilt(): Promise<void> {
  if (await isFresh()) return;
  await lock();
  try {
    if (await isFresh()) return;
    const { build } = await import("vite");
    await build({ configFile: join(DASHBOARD, "vite.config.ts"), logLevel: "warn" });
  } finally {
    await rm(LOCK, { recursive: true, force: true });
  }
}
