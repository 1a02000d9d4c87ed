/**
 * String-like columns: String, FixedString, UUID, IPv4/IPv6, Enum, and the JSON type.
 * A String column also takes numbers and booleans (as their text) and objects or
 * arrays (as JSON text): trackers send `payload` either as a JSON string or as an
 * object, and both should land as the same text.
 */
import { isIP, isIPv4 } from "node:net";
import { isPlainObject, jsonString, type Convert } from "./convert.ts";

export const string: Convert = (v) => {
  if (typeof v === "string") return jsonString(v);
  if (typeof v === "number" || typeof v === "boolean") return JSON.stringify(String(v));
  // JSON.stringify escapes lone surrogates itself, so its text is always well formed.
  if (v !== null && typeof v === "object") return JSON.stringify(JSON.stringify(v));
  return undefined;
};

export function fixedString(bytes: number): Convert {
  return (v) => (typeof v === "string" && Buffer.byteLength(v) <= bytes ? jsonString(v) : undefined);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const uuid: Convert = (v) => (typeof v === "string" && UUID.test(v) ? `"${v.toLowerCase()}"` : undefined);

export const ipv4: Convert = (v) => (typeof v === "string" && isIPv4(v) ? `"${v}"` : undefined);

/** IPv4 text is accepted too (ClickHouse maps it into IPv6); zone ids (`%eth0`) are not. */
export const ipv6: Convert = (v) => (typeof v === "string" && !v.includes("%") && isIP(v) !== 0 ? `"${v}"` : undefined);

/** Enum8/Enum16 from the labels in the type text; an event may send a label or its number. */
export function enumOf(typeText: string): Convert {
  const byLabel = new Map<string, string>();
  const byNumber = new Map<number, string>();
  for (const m of typeText.matchAll(/'((?:[^'\\]|\\.|'')*)'\s*=\s*(-?\d+)/g)) {
    const label = m[1]!.replace(/\\(.)|''/g, (_all, c: string | undefined) => c ?? "'");
    const text = JSON.stringify(label);
    byLabel.set(label, text);
    byNumber.set(Number(m[2]), text);
  }
  return (v) => (typeof v === "string" ? byLabel.get(v) : typeof v === "number" ? byNumber.get(v) : undefined);
}

/** The JSON column type: an object, kept as an object. */
export const jsonObject: Convert = (v) => (isPlainObject(v) ? JSON.stringify(v) : undefined);
