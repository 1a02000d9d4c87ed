/**
 * The filesystem sync before a write-ahead segment is let go (src/ingest/sync-filesystem.ts):
 * one long-lived shell runs `sync -f`, its failures reach the caller, and a shell that is gone
 * is replaced at the next sync.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { FilesystemSync } from "../../src/ingest/sync-filesystem.ts";

describe("filesystem sync", () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), "aviary-sync-"))));
  after(() => rm(dir, { recursive: true, force: true }));

  test("syncs, shares one sync among the callers waiting when it starts, and starts again after close", async () => {
    const sync = new FilesystemSync(dir, 0);
    const [a, b] = [sync.after(), sync.after()];
    assert.equal(a, b, "callers waiting together share one sync");
    await Promise.all([a, b]);
    await sync.after();
    sync.close();
    await sync.after();
    sync.close();
  });

  test("a sync that fails is the caller's error, and the next one is tried again", async () => {
    const sync = new FilesystemSync(join(dir, "no-such-directory"), 0);
    await assert.rejects(sync.after(), /sync -f .*no-such-directory exited with status [1-9]/);
    await assert.rejects(sync.after(), /exited with status/);
    sync.close();
  });
});
