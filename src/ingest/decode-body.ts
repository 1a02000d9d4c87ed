/**
 * The parse stage: a request body becomes events. Gzip is undone with the same 10 MB
 * cap as the body itself; then the body is NDJSON (one event per line), a single JSON
 * object (also pretty-printed over several lines) or a JSON array of objects. A line
 * that is not JSON or not valid UTF-8 is handed on as unreadable, never thrown.
 */
import { isAscii, isUtf8 } from "node:buffer";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { errors } from "../errors.ts";

export const MAX_BODY_BYTES = 10 * 1024 * 1024;

const gunzipAsync = promisify(gunzip);

export interface EventSink {
  event(value: unknown): void;
  unreadable(raw: string, reason: string): void;
}

export async function decompress(body: Buffer, contentEncoding: string | undefined): Promise<Buffer> {
  const encoding = (contentEncoding ?? "").trim().toLowerCase();
  if (encoding === "" || encoding === "identity") return body;
  if (encoding !== "gzip" && encoding !== "x-gzip") throw errors.badEncoding(encoding);
  try {
    return await gunzipAsync(body, { maxOutputLength: MAX_BODY_BYTES });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw errors.tooLarge(MAX_BODY_BYTES);
    throw errors.badGzip((err as Error).message);
  }
}

/** True when the body has nothing but whitespace: the one body that is refused as a whole. */
export function isBlank(body: Buffer): boolean {
  for (const byte of body) if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return false;
  return true;
}

/** What `parse` returns for a line JSON.parse refuses; no parsed value is ever one of these. */
class Unparsable {
  constructor(readonly reason: string) {}
}

function parse(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch (err) {
    return new Unparsable((err as Error).message);
  }
}

/**
 * Events handed on between two turns of the event loop: 10 MB of tiny lines is millions of
 * events, and every other request (any tenant's) waits while they are read.
 */
const EVENTS_PER_TURN = 2000;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Counts what is handed on; true every EVENTS_PER_TURN, when the reader awaits nextTurn.
 * Only then: an await on every line would queue a microtask per event.
 */
type TurnDue = () => boolean;

function turnEvery(events: number): TurnDue {
  let count = 0;
  return () => ++count % events === 0;
}

/** One whole JSON document: an array of events, or a single (pretty-printed) event. */
async function parseDocument(text: string, sink: EventSink, due: TurnDue): Promise<boolean> {
  const value = parse(text);
  if (value instanceof Unparsable) return false;
  if (!Array.isArray(value)) sink.event(value);
  else {
    for (const item of value) {
      sink.event(item);
      if (due()) await nextTurn();
    }
  }
  return true;
}

/** Blank or whitespace-only (a CRLF body's "\r"): skipped, and told apart before JSON.parse throws on it (a body of them cost seconds). */
const isBlankLine = (line: string) => line.length === 0 || (line.charCodeAt(0) <= 0x20 && line.trim() === "");

/**
 * Each line decoded on its own: a body decoded whole becomes one two-byte string as soon as
 * any line holds a character beyond ASCII, and every line sliced from it is then parsed,
 * checked and written out at twice the cost; most lines are ASCII.
 * A body that is not all UTF-8 (`valid` false) has each bad line handed on as unreadable,
 * and is never read as one document.
 */
async function eachLine(body: Buffer, from: number, valid: boolean, sink: EventSink, due: TurnDue): Promise<void> {
  let start = from;
  let seenContent = !valid;
  while (start < body.length) {
    let end = body.indexOf(0x0a, start);
    if (end < 0) end = body.length;
    const bytes = body.subarray(start, end);
    start = end + 1;
    if (!valid && !isUtf8(bytes)) {
      sink.unreadable(bytes.toString("utf8"), "the line is not valid UTF-8");
      continue;
    }
    const line = bytes.toString(isAscii(bytes) ? "latin1" : "utf8");
    if (isBlankLine(line)) continue;
    if (due()) await nextTurn();
    const value = parse(line);
    if (!(value instanceof Unparsable)) {
      sink.event(value);
      seenContent = true;
      continue;
    }
    // A first line that does not parse may open a pretty-printed object.
    if (!seenContent && end < body.length && (await parseDocument(body.toString("utf8", from), sink, due))) return;
    seenContent = true;
    sink.unreadable(line, `the line is not valid JSON (${value.reason})`);
  }
}

/** Whether the first character but JSON whitespace is `[`: the body may be one array of events. */
function opensArray(body: Buffer, from: number): boolean {
  for (let i = from; i < body.length; i++) {
    const byte = body[i]!;
    if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return byte === 0x5b;
  }
  return false;
}

export async function readEvents(body: Buffer, sink: EventSink): Promise<void> {
  const due = turnEvery(EVENTS_PER_TURN);
  const valid = isUtf8(body);
  // A byte-order mark (some editors and Windows tools write one) is not part of the JSON.
  const from = valid && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  if (valid && opensArray(body, from) && (await parseDocument(body.toString("utf8", from), sink, due))) return;
  await eachLine(body, from, valid, sink, due);
}
