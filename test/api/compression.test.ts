/**
 * Response compression over real HTTP (src/api/compression.ts, src/api/static-files.ts):
 * raw bytes are read with node:http, which, unlike fetch, does not undo the encoding, so
 * each test sees what travelled and inflates it itself.
 */
import assert from "node:assert/strict";
import { request } from "node:http";
import { Readable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import Fastify from "fastify";
import { chooseEncoding, clearAnswerHeaders, compressResponses } from "../../src/api/compression.ts";
import { api, startServer, type TestServer } from "../helpers/server.ts";

let server: TestServer;

interface Raw {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

function raw(path: string, headers: Record<string, string> = {}, method = "GET"): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${server.adminToken}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

function inflate(res: Raw): Buffer {
  const encoding = res.headers["content-encoding"];
  if (encoding === "br") return brotliDecompressSync(res.body);
  if (encoding === "gzip") return gunzipSync(res.body);
  assert.equal(encoding, undefined);
  return res.body;
}

const sql = (query: string) => `/v0/sql?q=${encodeURIComponent(query)}`;
const BIG = "SELECT number, toString(number) AS text FROM numbers(2000) FORMAT JSON";

describe("the encoding chosen for an Accept-Encoding header", () => {
  test("the client's highest weight above 0 among br and gzip, brotli on a tie; * for any not named", () => {
    const cases: [string | undefined, string | null][] = [
      [undefined, null],
      ["", null],
      ["identity", null],
      ["deflate, zstd", null],
      ["gzip", "gzip"],
      ["br", "br"],
      ["gzip, deflate, br", "br"],
      ["gzip;q=1, br;q=0.5", "gzip"],
      ["br;q=0, *", "gzip"],
      ["br;q=0, gzip;q=0, *", null],
      ["*;q=0", null],
      ["*", "br"],
      ["BR", "br"],
      ["x-gzip", "gzip"],
      [" GZip ; q=0.8 , br;q=0.1", "gzip"],
      ["gzip;q=abc, br;q=0", null],
      ["br;q=0, br", null],
    ];
    for (const [header, expected] of cases) assert.equal(chooseEncoding(header), expected, String(header));
  });
});

describe("a streamed answer that fails before its first compressed bytes", () => {
  // The server's error handler clears the answer's headers the same way (src/api/server.ts).
  test("is answered with a plain error, not one labelled as compressed", async () => {
    const app = Fastify();
    compressResponses(app);
    app.setErrorHandler((err, _request, reply) => {
      clearAnswerHeaders(reply);
      return reply.code(500).send({ error: (err as Error).message });
    });
    app.get("/export", (_request, reply) => {
      const lines = Readable.from((async function* () {
        yield "a,b\n".repeat(500);
        throw new Error("the export file could not be read");
      })());
      return reply.type("text/csv").header("content-disposition", 'attachment; filename="x.csv"').send(lines);
    });
    try {
      for (const accept of ["br", "gzip"]) {
        const res = await app.inject({ url: "/export", headers: { "accept-encoding": accept } });
        if (res.statusCode === 500) {
          assert.equal(res.headers["content-encoding"], undefined, accept);
          assert.equal(res.headers["content-disposition"], undefined, accept);
          assert.deepEqual(res.json(), { error: "the export file could not be read" }, accept);
        } else {
          // Or cut short after its headers went out, as without compression: never a plain body under an encoding.
          assert.equal(res.headers["content-encoding"], accept);
          assert.doesNotMatch(res.rawPayload.subarray(0, 20).toString(), /^\{"error"/);
        }
      }
    } finally {
      await app.close();
    }
  });
});

describe("response compression", () => {
  before(async () => {
    server = await startServer();
    const rows = Array.from({ length: 30 }, (_, i) => JSON.stringify({ timestamp: new Date().toISOString(), action: "page_hit", version: "1", session_id: `s${i}`, tenant_id: "customer-1", domain: "example.com", payload: JSON.stringify({ pathname: `/p${i}`, href: `https://example.com/p${i}` }) }));
    const res = await api(server, "/v0/events?name=analytics_events&wait=true", { method: "POST", body: rows.join("\n") });
    assert.equal(res.status, 200, await res.text());
  });
  after(() => server.stop());

  test("a JSON answer goes brotli- or gzip-compressed as the client accepts, and inflates to the same bytes", async () => {
    const plain = await raw(sql(BIG));
    assert.equal(plain.status, 200);
    assert.equal(plain.headers["content-encoding"], undefined);
    const expected = JSON.parse(plain.body.toString()) as { data: unknown[] };
    assert.equal(expected.data.length, 2000);
    for (const [accept, encoding] of [["br", "br"], ["gzip", "gzip"], ["gzip, deflate, br", "br"], ["br;q=0.5, gzip", "gzip"], ["deflate", undefined], ["identity", undefined]] as const) {
      const res = await raw(sql(BIG), { "accept-encoding": accept });
      assert.equal(res.status, 200, accept);
      assert.equal(res.headers["content-encoding"], encoding, accept);
      // Whatever a cache keeps for one client must not be handed, still encoded, to another.
      if (encoding) assert.match(String(res.headers.vary), /accept-encoding/i, accept);
      const data = (JSON.parse(inflate(res).toString()) as { data: unknown[] }).data;
      assert.deepEqual(data, expected.data, accept);
      if (encoding) assert.ok(res.body.length < plain.body.length / 4, `${accept}: ${res.body.length} of ${plain.body.length} bytes`);
    }
  });

  test("CSV and an endpoint's JSON are compressed; binary formats (typed as such) and answers under 1 KB are not", async () => {
    const csv = await raw(sql("SELECT number FROM numbers(2000) FORMAT CSVWithNames"), { "accept-encoding": "gzip" });
    assert.equal(csv.headers["content-encoding"], "gzip");
    assert.equal(inflate(csv).toString().split("\n")[1], "0");

    const openapi = await raw("/v0/pipes/openapi.json", { "accept-encoding": "br" });
    assert.equal(openapi.status, 200);
    assert.equal(openapi.headers["content-encoding"], "br");
    assert.equal((JSON.parse(inflate(openapi).toString()) as { openapi: string }).openapi.slice(0, 2), "3.");

    const small = await raw(sql("SELECT 1 AS one FORMAT JSON"), { "accept-encoding": "br, gzip" });
    assert.equal(small.status, 200);
    assert.ok(small.body.length < 1024);
    assert.equal(small.headers["content-encoding"], undefined);

    for (const [format, type] of [["Parquet", "application/vnd.apache.parquet"], ["parquet", "application/vnd.apache.parquet"], ["RowBinary", "application/octet-stream"], ["native", "application/octet-stream"], ["RawBLOB", "application/octet-stream"], ["jsoneachrow", "application/x-ndjson; charset=UTF-8"]] as const) {
      const binary = await raw(sql(`SELECT number, toString(number) AS text FROM numbers(2000) FORMAT ${format}`), { "accept-encoding": "br, gzip" });
      assert.equal(binary.status, 200, format);
      assert.equal(binary.headers["content-type"], type, format);
      assert.equal(binary.headers["content-encoding"], type.startsWith("application/x-ndjson") ? "br" : undefined, format);
    }

    const parquet = await raw("/v0/pipes/kpis.parquet", { "accept-encoding": "br, gzip" });
    assert.equal(parquet.status, 200);
    assert.equal(parquet.headers["content-encoding"], undefined);
    assert.equal(parquet.body.subarray(0, 4).toString(), "PAR1");
  });

  test("text whose first bytes read like a zlib or gzip header is compressed all the same", async () => {
    // @fastify/compress 9.2.0 sent these raw under `Content-Encoding: br`: unreadable to every decoding client.
    for (const query of ["SELECT number FROM numbers(80, 2000) FORMAT CSV", "SELECT number FROM numbers(80, 300) FORMAT CSV", "SELECT 'x^' AS s, number FROM numbers(500) FORMAT TSV"]) {
      const plain = await raw(sql(query));
      assert.ok(plain.body.length >= 1024, query);
      for (const accept of ["br", "gzip"]) {
        const res = await raw(sql(query), { "accept-encoding": accept });
        assert.equal(res.headers["content-encoding"], accept, query);
        assert.deepEqual(inflate(res), plain.body, `${query} (${accept})`);
      }
    }
  });

  test("HEAD answers with the headers GET does", async () => {
    const get = await raw("/v0/datasources", { "accept-encoding": "br" });
    const head = await raw("/v0/datasources", { "accept-encoding": "br" }, "HEAD");
    assert.equal(get.headers["content-encoding"], "br");
    assert.equal(head.headers["content-encoding"], "br");
    assert.equal(head.body.length, 0);
  });

  test("a streamed export is compressed as it streams, and inflates to the plain export", async () => {
    const plain = await raw("/v0/tenants/customer-1/export?format=ndjson");
    assert.equal(plain.status, 200);
    assert.equal(plain.body.toString().trim().split("\n").length, 30);
    const gz = await raw("/v0/tenants/customer-1/export?format=ndjson", { "accept-encoding": "gzip" });
    assert.equal(gz.headers["content-encoding"], "gzip");
    assert.deepEqual(inflate(gz), plain.body);
  });

  test("an error answer keeps its status and message when compressed", async () => {
    const res = await raw(sql(`SELECT '${"x".repeat(2000)}' FROM no_such_table FORMAT JSON`), { "accept-encoding": "gzip" });
    assert.equal(res.status, 400);
    assert.match((JSON.parse(inflate(res).toString()) as { error: string }).error, /no_such_table/);
  });

  test("the dashboard's script: each encoding its own ETag, a 304 only for the representation asked for", async () => {
    const page = await raw("/");
    const script = /\/assets\/[^"]+\.js/.exec(page.body.toString())?.[0];
    assert.ok(script, "index.html names its script");
    const plain = await raw(script);
    const br = await raw(script, { "accept-encoding": "br" });
    const gz = await raw(script, { "accept-encoding": "gzip" });
    assert.equal(br.headers["content-encoding"], "br");
    assert.equal(gz.headers["content-encoding"], "gzip");
    assert.deepEqual(inflate(br), plain.body);
    assert.deepEqual(inflate(gz), plain.body);
    assert.ok(br.body.length < plain.body.length / 2);
    const tags = [plain, br, gz].map((r) => String(r.headers.etag));
    assert.equal(new Set(tags).size, 3, tags.join(" "));
    for (const r of [plain, br, gz]) assert.equal(r.headers.vary, "Accept-Encoding");
    // Spelled otherwise, weighed otherwise: the same copies and tags.
    assert.equal((await raw(script, { "accept-encoding": "X-GZIP" })).headers.etag, tags[2]);
    assert.equal((await raw(script, { "accept-encoding": "br;q=0, *" })).headers.etag, tags[2]);
    // The same copy again (made once), and revalidation by the tag of what was sent.
    assert.deepEqual((await raw(script, { "accept-encoding": "br" })).body, br.body);
    assert.equal((await raw(script, { "accept-encoding": "br", "if-none-match": tags[1]! })).status, 304);
    assert.equal((await raw(script, { "accept-encoding": "gzip", "if-none-match": tags[1]! })).status, 200);
    assert.equal((await raw(script, { "if-none-match": tags[0]! })).status, 304);
    // Compared weakly, in a list, or `*`, as RFC 9110 says (a proxy may weaken the tag).
    for (const header of [`W/${tags[1]!}`, `"other", ${tags[1]!}`, "*"]) assert.equal((await raw(script, { "accept-encoding": "br", "if-none-match": header })).status, 304, header);
  });

  test("the tracker script is served compressed too", async () => {
    const plain = await raw("/flock.js");
    const gz = await raw("/flock.js", { "accept-encoding": "gzip" });
    assert.equal(gz.headers["content-encoding"], "gzip");
    assert.deepEqual(inflate(gz), plain.body);
  });

  test("request bodies are still inflated by the Events API alone: gzip rows land, a body inflating past 10 MB is refused", async () => {
    const tenant = `compression-${Date.now()}`;
    const row = JSON.stringify({ timestamp: new Date().toISOString(), action: "page_hit", version: "1", session_id: "s1", tenant_id: tenant, domain: "example.com", payload: JSON.stringify({ pathname: "/", href: "https://example.com/" }) });
    const ok = await api(server, "/v0/events?name=analytics_events&wait=true", { method: "POST", headers: { "content-encoding": "gzip" }, body: gzipSync(`${row}\n${row}\n`) });
    assert.equal(ok.status, 200, await ok.clone().text());
    assert.equal(((await ok.json()) as { successful_rows: number }).successful_rows, 2);

    const bomb = gzipSync(Buffer.alloc(11 * 1024 * 1024, 0x20));
    assert.ok(bomb.length < 1024 * 1024);
    const refused = await api(server, "/v0/events?name=analytics_events", { method: "POST", headers: { "content-encoding": "gzip" }, body: bomb });
    assert.equal(refused.status, 413, await refused.clone().text());
  });
});
