/**
 * Mints tenant JWTs: HS256 signed with the admin token string, as Tinybird does, with
 * claims checked by the same rules the server verifies them with, so a token minted here
 * is never one the server would refuse.
 */
import { SignJWT } from "jose";
import { readClaims, type JwtClaims, type JwtScope } from "./jwt-claims.ts";
import { JwtError } from "./jwt-verifier.ts";
import type { Workspace } from "./workspace.ts";

export interface JwtRequest {
  readonly name: string;
  /** Unix seconds. */
  readonly exp: number;
  readonly scopes: readonly JwtScope[];
  readonly limits?: { readonly rps?: number };
}

/** Throws JwtError naming the problem when `request` does not describe a valid token. */
export async function signJwt(workspace: Workspace, request: JwtRequest, nowSeconds = Date.now() / 1000): Promise<string> {
  const payload = { workspace_id: workspace.id, name: request.name, exp: request.exp, scopes: request.scopes, ...(request.limits ? { limits: request.limits } : {}) };
  if (request.name === "") throw new JwtError("name must not be empty: it keys the rate limit");
  if (!(request.exp > nowSeconds)) throw new JwtError("the expiration time must be in the future (Unix seconds)");
  const claims: JwtClaims = readClaims(JSON.parse(JSON.stringify(payload)) as Record<string, unknown>, workspace.id, nowSeconds);
  return new SignJWT({ ...claims }).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(new TextEncoder().encode(workspace.adminToken));
}
