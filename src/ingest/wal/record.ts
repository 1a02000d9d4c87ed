/**
 * The write-ahead log's record: the JSONEachRow lines one request produced for one
 * table, behind a 16-byte header (lane, row count, length, CRC-32 of the lines). The
 * checksum lets a replay tell a whole record from a torn or zero-filled tail left by
 * a crash mid-write; reading stops at the first record that does not check out.
 */
import { crc32 } from "node:zlib";

/** Which table a record's lines go to: the datasource or its quarantine. */
export type Lane = "rows" | "quarantine";

export interface WalRecord {
  readonly lane: Lane;
  readonly rows: number;
  readonly payload: Buffer;
}

const HEADER_BYTES = 16;
const LANE_BYTE: Readonly<Record<Lane, number>> = { rows: 0x52, quarantine: 0x51 };

/** The header and the payload, left apart so the writer copies the payload only once. */
export function encodeRecord(lane: Lane, rows: number, payload: Buffer): [Buffer, Buffer] {
  const header = Buffer.alloc(HEADER_BYTES);
  header[0] = LANE_BYTE[lane];
  header.writeUInt32LE(rows, 4);
  header.writeUInt32LE(payload.length, 8);
  header.writeUInt32LE(crc32(payload), 12);
  return [header, payload];
}

export interface DecodedSegment {
  /** The bytes read; every record's payload is a view into them. */
  readonly file: Buffer;
  readonly records: WalRecord[];
  /** Bytes at the end that do not form whole, intact records (a crash mid-write). */
  readonly tornBytes: number;
}

export function decodeRecords(file: Buffer): DecodedSegment {
  const records: WalRecord[] = [];
  let at = 0;
  while (at + HEADER_BYTES <= file.length) {
    const kind = file[at];
    const lane: Lane | undefined = kind === LANE_BYTE.rows ? "rows" : kind === LANE_BYTE.quarantine ? "quarantine" : undefined;
    const rows = file.readUInt32LE(at + 4);
    const length = file.readUInt32LE(at + 8);
    const end = at + HEADER_BYTES + length;
    if (!lane || end > file.length) break;
    const payload = file.subarray(at + HEADER_BYTES, end);
    if (crc32(payload) !== file.readUInt32LE(at + 12)) break;
    records.push({ lane, rows, payload });
    at = end;
  }
  return { file, records, tornBytes: file.length - at };
}
