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
import { parseJson } from "../json-nesting.ts";

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
    return parseJson(line);
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

/** A whole document's events: an array's elements, or the one (pretty-printed) event. */
async function documentEvents(value: unknown, sink: EventSink, due: TurnDue): Promise<void> {
  if (!Array.isArray(value)) return sink.event(value);
  for (const item of value) {
    sink.event(item);
    if (due()) await nextTurn();
  }
}

/** Blank or whitespace-only (a CRLF body's "\r"): skipped, and told apart before JSON.parse throws on it (a body of them cost seconds). */
const isBlankLine = (line: string) => line.length === 0 || (line.charCodeAt(0) <= 0x20 && line.trim() === "");

/** A character beyond ASCII in text decoded as latin1 (where every character is one byte): a byte of a UTF-8 sequence. */
const BEYOND_ASCII = /[\x80-\xff]/;

/**
 * The body's lines, found and sliced in its latin1 text (one byte, one character: cheap to
 * make and to slice, and offsets in it are offsets in the bytes). A line holding bytes beyond
 * ASCII is decoded again from its bytes, as UTF-8: decoding the whole body as UTF-8 made one
 * two-byte string of it as soon as any line had such a character, and every line sliced from
 * it then cost about twice as much to parse, check and write out; most lines are ASCII.
 * A body that is not all UTF-8 (`valid` false) has each bad line handed on as unreadable,
 * and is never read as one document.
 */
async function eachLine(body: Buffer, from: number, valid: boolean, sink: EventSink, due: TurnDue): Promise<void> {
  const text = body.toString("latin1", from);
  const ascii = isAscii(body.subarray(from));
  let start = 0;
  let seenContent = !valid;
  // A first line that is an array is the body's events if no other line has content.
  let firstArray: unknown[] | undefined;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    let line = text.slice(start, end);
    const lineStart = start;
    start = end + 1;
    // Every line counts, blank ones too: a body of millions of them must not hold other requests back.
    if (due()) await nextTurn();
    if (!ascii && BEYOND_ASCII.test(line)) {
      const bytes = body.subarray(from + lineStart, from + end);
      if (!valid && !isUtf8(bytes)) {
        sink.unreadable(bytes.toString("utf8"), "the line is not valid UTF-8");
        continue;
      }
      line = bytes.toString("utf8");
    }
    if (isBlankLine(line)) continue;
    const value = parse(line);
    if (!seenContent) {
      seenContent = true;
      if (Array.isArray(value)) {
        firstArray = value;
        continue;
      }
      // A first line that does not parse may open a pretty-printed object or array.
      const whole = value instanceof Unparsable && end < text.length ? parse(body.toString("utf8", from)) : undefined;
      if (whole !== undefined && !(whole instanceof Unparsable)) return documentEvents(whole, sink, due);
    } else if (firstArray) {
      sink.event(firstArray);
      firstArray = undefined;
    }
    if (value instanceof Unparsable) sink.unreadable(line, `the line is not valid JSON (${value.reason})`);
    else sink.event(value);
  }
  if (firstArray) await documentEvents(firstArray, sink, due);
}

export async function readEvents(body: Buffer, sink: EventSink): Promise<void> {
  const due = turnEvery(EVENTS_PER_TURN);
  const valid = isUtf8(body);
  // A byte-order mark (some editors and Windows tools write one) is not part of the JSON.
  const from = valid && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  await eachLine(body, from, valid, sink, due);
}
