/**
 * The backlog bound and graceful shutdown over HTTP: with flushing held back, the
 * request that finds the backlog full gets 429 with Retry-After and X-RateLimit-*;
 * SIGTERM then inserts everything acknowledged and leaves the log empty.
 */
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, test } from "node:test";
import { startServer } from "../helpers/server.ts";
import { count, FIXTURE, ndjson, postEvents } from "./events-client.ts";

let dataDir: string | undefined;
after(() => (dataDir ? rm(dataDir, { recursive: true, force: true }) : undefined));

const events = (from: number, n: number) => ndjson(Array.from({ length: n }, (_, i) => ({ id: `bk-${from + i}`, timestamp: 1_761_126_059 })));

test("a full backlog answers 429 with retry headers; a graceful stop inserts every acknowledged row", async () => {
  dataDir = await mkdtemp(join(tmpdir(), "aviary-backlog-"));
  const args = ["--max-backlog-rows", "50", "--flush-ms", "60000"];
  const server = await startServer({ project: FIXTURE, dataDir, args });
  // A request that could never fit is refused as soon as it has more rows than the bound, not once it is all read.
  const huge = await postEvents(server, "events", "1\n".repeat(100_000));
  assert.equal(huge.status, 429);
  assert.deepEqual(await huge.json(), { error: "This request has more than 50 rows (quarantined ones included), more than may wait to be written at once (limit 50); it was not read further and nothing of it was written: send it in smaller requests" });
  // No retry headers: the same request would never pass.
  assert.deepEqual(["retry-after", "x-ratelimit-reset", "x-ratelimit-limit"].map((h) => huge.headers.get(h)), [null, null, "50"]);
  assert.equal((await postEvents(server, "events", events(0, 30))).status, 202);
  assert.equal((await postEvents(server, "events", events(30, 20))).status, 202);
  const full = await postEvents(server, "events", events(50, 1));
  assert.equal(full.status, 429);
  assert.deepEqual(await full.json(), { error: "Too many events are waiting to be written (50 rows, limit 50); retry in 60 s" });
  assert.deepEqual(
    ["retry-after", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"].map((h) => full.headers.get(h)),
    ["60", "50", "0", "60"],
  );
  assert.equal(await count(server, "events"), 0);

  await server.stop({ keepData: true });
  assert.deepEqual(await readdir(join(dataDir, "wal", "events")), []);
  const again = await startServer({ project: FIXTURE, dataDir });
  try {
    assert.equal(again.logs.some((l) => l.includes("replayed the write-ahead log")), false);
    assert.equal(await count(again, "events"), 50);
    // The backlog is empty again, so requests are taken.
    assert.equal((await postEvents(again, "events", events(50, 1), { wait: true })).status, 200);
  } finally {
    await again.stop();
  }
});

test("a request that arrives on an open connection while the server stops gets a 503 a web page can read, and the one in flight is stored", async () => {
  const server = await startServer({ project: FIXTURE });
  const { port } = new URL(server.url);
  const body = events(100, 3);
  const socket = connect(Number(port), "127.0.0.1");
  let answers = "";
  socket.on("data", (chunk: Buffer) => (answers += chunk.toString("latin1")));
  const closed = new Promise((resolve) => socket.on("close", resolve));
  socket.on("error", () => undefined);
  const head = (method: string, path: string, length: number) =>
    `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://page.example\r\nAuthorization: Bearer ${server.adminToken}\r\nContent-Type: application/x-ndjson\r\nContent-Length: ${length}\r\n\r\n`;
  // The first request's body comes slowly: it is in flight when SIGTERM arrives.
  socket.write(head("POST", "/v0/events?name=events", Buffer.byteLength(body)) + body.slice(0, 10));
  await sleep(300);
  server.process.kill("SIGTERM");
  await sleep(500);
  socket.write(body.slice(10) + head("POST", "/v0/events?name=events", 2) + "{}");
  await closed;
  const [first, second] = answers.split(/(?=HTTP\/1\.1 )/);
  assert.match(first ?? "", /^HTTP\/1\.1 202 /);
  assert.match(second ?? "", /^HTTP\/1\.1 503 /, answers);
  assert.match(second!, /\r\naccess-control-allow-origin: \*\r\n/i);
  assert.match(second!, /\r\nretry-after: 1\r\n/i);
  assert.match(second!, /The server is shutting down; retry shortly/);
  await server.stop({ keepData: true });
  const again = await startServer({ project: FIXTURE, dataDir: server.dataDir });
  try {
    assert.equal(await count(again, "events"), 3);
  } finally {
    await again.stop();
  }
});

test("a client sending its body a byte at a time holds a stop for 10 s at most", async () => {
  const server = await startServer({ project: FIXTURE });
  const { port } = new URL(server.url);
  const socket = connect(Number(port), "127.0.0.1");
  socket.on("error", () => undefined);
  socket.write(`POST /v0/events?name=events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${server.adminToken}\r\nContent-Length: 100000\r\n\r\n`);
  const trickle = setInterval(() => socket.write("\n"), 50);
  try {
    await sleep(300);
    const exited = new Promise((resolve) => server.process.on("exit", resolve));
    const started = Date.now();
    server.process.kill("SIGTERM");
    const held = await Promise.race([exited.then(() => Date.now() - started), sleep(30_000).then(() => Infinity)]);
    assert.ok(held >= 9_000 && held < 20_000, `the stop took ${held} ms with a request still arriving`);
    assert.ok(server.logs.some((l) => l.includes("their connections are closed")));
  } finally {
    clearInterval(trickle);
    socket.destroy();
    await server.stop().catch(() => undefined);
  }
});
