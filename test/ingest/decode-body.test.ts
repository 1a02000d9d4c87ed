/** The parse stage alone: body shapes, gzip, the size cap, bad lines and bad bytes. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import { ApiError } from "../../src/errors.ts";
import { decompress, isBlank, MAX_BODY_BYTES, readEvents } from "../../src/ingest/decode-body.ts";

async function read(body: string | Buffer): Promise<{ events: unknown[]; unreadable: [string, string][] }> {
  const events: unknown[] = [];
  const unreadable: [string, string][] = [];
  await readEvents(Buffer.isBuffer(body) ? body : Buffer.from(body), { event: (v) => events.push(v), unreadable: (raw, why) => unreadable.push([raw, why]) });
  return { events, unreadable };
}

describe("readEvents", () => {
  test("NDJSON: one event per line; blank lines, CRLF and a byte-order mark are fine", async () => {
    assert.deepEqual(await read('{"a":1}\r\n\n  \n{"a":2}'), { events: [{ a: 1 }, { a: 2 }], unreadable: [] });
    assert.deepEqual((await read('\ufeff{"a":1}\n')).events, [{ a: 1 }]);
  });

  test("text beyond ASCII reads as sent, beside ASCII lines and in a pretty-printed or BOM-led body", async () => {
    const texts = ["São Paulo", "Zürich", "東京", "🐦 ✓", "\u2028", "plain"];
    const { events } = await read(texts.map((t) => JSON.stringify({ t })).join("\n"));
    assert.deepEqual(events, texts.map((t) => ({ t })));
    assert.deepEqual((await read('\ufeff{\n  "city": "Malmö"\n}\n')).events, [{ city: "Malmö" }]);
    assert.deepEqual((await read(' \n[{"city": "Kraków"}]')).events, [{ city: "Kraków" }]);
  });

  test("a single object, also pretty-printed over several lines", async () => {
    assert.deepEqual((await read('{"a":1}')).events, [{ a: 1 }]);
    assert.deepEqual((await read('{\n  "a": 1,\n  "b": [1,\n 2]\n}\n')).events, [{ a: 1, b: [1, 2] }]);
  });

  test("a JSON array of objects is its elements", async () => {
    assert.deepEqual((await read('[{"a":1},{"a":2}]')).events, [{ a: 1 }, { a: 2 }]);
    assert.deepEqual((await read("[]")).events, []);
    assert.deepEqual((await read('\n \n[{"a":1},\n{"a":2}]\n\n')).events, [{ a: 1 }, { a: 2 }]);
    assert.deepEqual((await read('[{"a":1},{"a":2}]\r\n\n')).events, [{ a: 1 }, { a: 2 }]);
    // An array line among others is one event (the check then quarantines it), as any line.
    assert.deepEqual((await read('[{"a":1}]\n{"a":2}\n[3]')).events, [[{ a: 1 }], { a: 2 }, [3]]);
  });

  test("a line that is not JSON is unreadable, with the parser's reason; the others are read", async () => {
    const { events, unreadable } = await read('{"a":1}\n{"a":\n{"a":3}\n');
    assert.deepEqual(events, [{ a: 1 }, { a: 3 }]);
    assert.equal(unreadable.length, 1);
    assert.equal(unreadable[0]![0], '{"a":');
    assert.match(unreadable[0]![1], /^the line is not valid JSON \(.+\)$/);
  });

  test("a line with invalid UTF-8 is unreadable; valid lines around it are read", async () => {
    const body = Buffer.concat([Buffer.from('{"a":1}\n{"a":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n{"a":2}\n')]);
    const { events, unreadable } = await read(body);
    assert.deepEqual(events, [{ a: 1 }, { a: 2 }]);
    assert.deepEqual(unreadable, [['{"a":"\ufffd\ufffd"}', "the line is not valid UTF-8"]]);
  });

  test("JSON nested more than 64 deep is unreadable without being parsed (parsing costs seconds at this depth); the next line is read", async () => {
    const depth = 200_000;
    const { events, unreadable } = await read(`${"[".repeat(depth)}${"]".repeat(depth)}\n{"a":1}`);
    assert.deepEqual(events, [{ a: 1 }]);
    assert.deepEqual(unreadable.map(([, reason]) => reason), ["the line is not valid JSON (JSON nested more than 64 levels deep)"]);
  });

  test("a million blank lines are skipped, and other work runs while a long body is read", async () => {
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    const { events, unreadable } = await read(`${"\n".repeat(1_000_000)}${'{"a":1}\n'.repeat(50_000)}`);
    clearInterval(ticker);
    assert.equal(events.length, 50_000);
    assert.deepEqual(unreadable, []);
    assert.ok(turns > 0, "the event loop had no turn while 50,000 events were read");
  });

  test("blank lines count toward the turns other work gets, in a body that is valid UTF-8 or not", async () => {
    for (const body of [Buffer.from(`${"\n".repeat(1_000_000)}${"\r\n".repeat(1_000_000)}{"a":1}`), Buffer.concat([Buffer.from([0xff]), Buffer.from(`${"\n".repeat(2_000_000)}{"a":1}`)])]) {
      let turns = 0;
      let ticking = true;
      const tick = () => ticking && (turns++, setImmediate(tick));
      setImmediate(tick);
      const { events } = await read(body);
      ticking = false;
      assert.deepEqual(events, [{ a: 1 }]);
      // One turn per 2,000 lines: a body of blank lines (10 KB gzipped for 10 MB) once held every request back for seconds.
      assert.ok(turns >= 500, `the event loop had ${turns} turns while 2,000,000 blank lines were read`);
    }
  });

  test("a huge line is read whole", async () => {
    const big = "x".repeat(5 * 1024 * 1024);
    assert.deepEqual((await read(`{"a":"${big}"}\n`)).events, [{ a: big }]);
  });
});

describe("decompress", async () => {
  test("gzip (and x-gzip) are undone; identity and no header pass through", async () => {
    const body = Buffer.from('{"a":1}\n');
    assert.deepEqual(await decompress(gzipSync(body), "gzip"), body);
    assert.deepEqual(await decompress(gzipSync(body), "x-gzip"), body);
    assert.equal(await decompress(body, undefined), body);
    assert.equal(await decompress(body, "identity"), body);
  });

  test("a body that inflates past 10 MB is 413; broken gzip and unknown encodings are 400", async () => {
    const bomb = gzipSync(Buffer.alloc(MAX_BODY_BYTES + 1, 0x20));
    await assert.rejects(decompress(bomb, "gzip"), (e: ApiError) => e.status === 413 && /10 MB/.test(e.message));
    await assert.rejects(decompress(Buffer.from("not gzip"), "gzip"), (e: ApiError) => e.status === 400 && /cannot be decompressed/.test(e.message));
    await assert.rejects(decompress(Buffer.from("x"), "br"), (e: ApiError) => e.status === 400 && e.message === "Content-Encoding 'br' is not supported: send the body as is or gzip-compressed");
  });

  test("isBlank is true only for whitespace", () => {
    assert.equal(isBlank(Buffer.from(" \n\t\r\n")), true);
    assert.equal(isBlank(Buffer.from(" {} ")), false);
    assert.equal(isBlank(Buffer.alloc(0)), true);
  });
});
