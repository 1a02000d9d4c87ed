/**
 * Params stage: the variables a pipe's templates see. Request values stay raw strings
 * (templates compare them as such); the token's fixed parameters are merged last, so
 * nothing the client sends can replace them.
 */
import type { Variables } from "../auth/principal.ts";

/** Keys that steer the API rather than the query. */
const CONTROL_KEYS = new Set(["token", "q"]);

type RawValue = string | string[] | undefined;

function firstValues(source: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (CONTROL_KEYS.has(key) || value === undefined) continue;
    // Repeated keys stay a list: Array() parameters take them all, scalar ones the first.
    out[key] = Array.isArray(value) ? (value as RawValue[]).map(String) : typeof value === "object" && value !== null ? value : String(value);
  }
  return out;
}

export function collectVariables(query: Readonly<Record<string, unknown>>, body: unknown, fixed: Variables): Variables {
  const fromBody = body !== null && typeof body === "object" && !Array.isArray(body) ? firstValues(body as Record<string, unknown>) : {};
  return Object.freeze({ ...firstValues(query), ...fromBody, ...fixed });
}
