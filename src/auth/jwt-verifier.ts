/**
 * Checks a JWT's signature the way Tinybird does: always HMAC-SHA256 over `header.payload`
 * with the admin token string as key, whatever the header's `alg` says. So `alg: none`,
 * HS512 or RS256 headers buy nothing: without an HS256 signature by the admin token the
 * token is refused. Decoded by hand (not with a library that honours `alg`) for that reason.
 */
import { createHmac, timingSafeEqual, type KeyObject } from "node:crypto";
import { parseJson } from "../json-nesting.ts";

/** Larger tokens are refused before any decoding: no legitimate scope list needs more. */
const MAX_JWT_BYTES = 8192;

/** Why a token was refused, worded like PyJWT's messages (Tinybird shows those). */
export class JwtError extends Error {}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function decodeJson(segment: string, what: string): Record<string, unknown> {
  if (segment === "" || !BASE64URL.test(segment)) throw new JwtError(`Invalid ${what} padding`);
  let value: unknown;
  try {
    value = parseJson(Buffer.from(segment, "base64url").toString("utf8"));
  } catch {
    throw new JwtError(`Invalid ${what} string: not JSON`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new JwtError(`Invalid ${what} string: must be a JSON object`);
  return value as Record<string, unknown>;
}

/** The payload of a token whose HS256 signature `key` made; throws JwtError otherwise. */
export function verifyJwtSignature(token: string, key: KeyObject): Record<string, unknown> {
  if (token.length > MAX_JWT_BYTES) throw new JwtError(`Token is larger than ${MAX_JWT_BYTES} bytes`);
  const parts = token.split(".");
  if (parts.length !== 3) throw new JwtError("Not enough segments");
  const [header = "", payload = "", signature = ""] = parts;
  // The header must be well formed, but nothing in it is trusted (its alg least of all).
  decodeJson(header, "header");
  if (!BASE64URL.test(signature)) throw new JwtError("Invalid crypto padding");
  const expected = createHmac("sha256", key).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new JwtError("Signature verification failed");
  return decodeJson(payload, "payload");
}
