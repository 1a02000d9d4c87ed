/**
 * Tinybird's static token shape: `p.` + base64url(JSON payload) + `.` + base64url(HMAC).
 * The payload names the workspace and a token id; the HMAC proves this server minted it.
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { parseJson } from "../json-nesting.ts";

export interface StaticTokenPayload {
  readonly u: string;
  readonly id: string;
  readonly host: string;
}

function sign(encodedPayload: string, secret: string): string {
  return createHmac("sha256", secret).update(encodedPayload).digest("base64url");
}

export function mintStaticToken(workspaceId: string, secret: string, id: string = randomUUID()): string {
  const payload = Buffer.from(JSON.stringify({ u: workspaceId, id, host: "local" } satisfies StaticTokenPayload)).toString("base64url");
  return `p.${payload}.${sign(payload, secret)}`;
}

/** The payload of a token this server signed, or undefined for anything else. */
export function readStaticToken(token: string, secret: string): StaticTokenPayload | undefined {
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== "p") return undefined;
  const [, payload = "", signature = ""] = parts;
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const parsed = parseJson(Buffer.from(payload, "base64url").toString("utf8")) as Partial<StaticTokenPayload>;
    return typeof parsed.u === "string" && typeof parsed.id === "string" ? { u: parsed.u, id: parsed.id, host: String(parsed.host ?? "") } : undefined;
  } catch {
    return undefined;
  }
}
