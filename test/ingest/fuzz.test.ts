/**
 * Fuzzing the Events API over HTTP: random bodies (good events mixed with random
 * JSON, text and bytes, sometimes gzipped), random Content-Types, encodings and query
 * parameters. The server must answer every request with a 2xx or a 4xx JSON error,
 * stay up, and store every good event of every acknowledged request exactly once.
 */
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { after, before, test } from "node:test";
import fc from "fast-check";
import { api, startServer, type TestServer } from "../helpers/server.ts";
import { FIXTURE, postEvents, sql } from "./events-client.ts";

let server: TestServer;
before(async () => (server = await startServer({ project: FIXTURE })));
after(() => server.stop());

const junk = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v) ?? "null"),
  fc.string({ maxLength: 80 }),
  fc.uint8Array({ maxLength: 80 }).map((b) => Buffer.from(b).toString("latin1")),
  fc.constantFrom("", "{", "}", "[", "]", '{"id":', '{"id":"x","timestamp":"nope"}', "\r", "null", '"\\ud800"', '{"id":"x","timestamp":1,"payload":"\\ud800"}'),
);

const request = fc.record({
  good: fc.integer({ min: 1, max: 20 }),
  junk: fc.array(fc.tuple(junk, fc.boolean()), { maxLength: 12 }),
  /** Gzip the body without saying so: it is then unreadable, but must not crash anything. */
  mislabeled: fc.boolean(),
  contentType: fc.oneof(fc.constantFrom("application/json", "application/x-ndjson", "text/plain", "application/octet-stream", "multipart/form-data", ""), fc.stringMatching(/^[a-z]{1,8}\/[a-z+.-]{1,12}$/)),
  encoding: fc.constantFrom(undefined, "identity", "gzip", "br", "GZIP"),
  query: fc.constantFrom("", "&wait=true", "&wait=false", "&format=ndjson", "&from=ts-sdk", "&mode=replace&x=%00", "&wait=TRUE"),
});

test("random requests never crash the server, and good events of acknowledged requests are all stored once", async () => {
  let next = 0;
  const acked: string[] = [];
  const statuses = new Set<number>();
  await fc.assert(
    fc.asyncProperty(request, async (r) => {
      const ids = Array.from({ length: r.good }, () => `fz-${next++}`);
      // A good line first, so the body is never read as one pretty-printed document.
      const lines = ids.map((id, i) => JSON.stringify({ id, timestamp: "2025-10-22T09:40:59Z", n: i }));
      for (const [j, before] of r.junk) lines.splice(before ? 1 : lines.length, 0, j);
      let body: Buffer = Buffer.from(lines.join("\n"), "utf8");
      const gzip = r.encoding?.toLowerCase() === "gzip";
      if (gzip || r.mislabeled) body = gzipSync(body);
      const headers: Record<string, string> = r.contentType ? { "content-type": r.contentType } : {};
      if (r.encoding) headers["content-encoding"] = r.encoding;
      const res = await postEvents(server, "events", body, { headers, extra: r.query });
      statuses.add(res.status);
      const answer = (await res.json()) as { successful_rows?: number; error?: string };
      assert.ok([200, 202, 400].includes(res.status), `status ${res.status}: ${JSON.stringify(answer)}`);
      if (res.status >= 400 || (r.mislabeled && !gzip)) {
        assert.equal(typeof (answer.error ?? answer.successful_rows), res.status >= 400 ? "string" : "number");
        return;
      }
      assert.ok(answer.successful_rows! >= r.good, JSON.stringify(answer));
      acked.push(...ids);
    }),
    { numRuns: 150, seed: 20261128 },
  );
  assert.ok(statuses.has(202) && statuses.has(400), `statuses seen: ${[...statuses].join(", ")}`);

  assert.equal((await fetch(`${server.url}/health`)).status, 200);
  assert.equal(server.process.exitCode, null);
  // One waiting request: segments are inserted in order, so everything before it is in too.
  assert.equal((await postEvents(server, "events", '{"id":"fz-last","timestamp":1}', { wait: true })).status, 200);
  const stored = await sql<{ id: string; c: number }>(server, "SELECT id, count() AS c FROM events WHERE startsWith(id, 'fz-') GROUP BY id");
  const counts = new Map(stored.map((r) => [r.id, r.c]));
  assert.deepEqual(acked.filter((id) => counts.get(id) !== 1).slice(0, 5), []);
  const metrics = await (await api(server, "/metrics")).text();
  assert.match(metrics, /aviary_ingest_rows_total\{datasource="events",outcome="quarantined"\} [1-9]/);
});
