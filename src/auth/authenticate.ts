/**
 * Turns the token a request carries into a Principal, or the 403 Tinybird answers with.
 * `?token=` wins over `Authorization: Bearer` (Tinybird reads the query argument first).
 */
import { timingSafeEqual } from "node:crypto";
import { errors } from "../api/errors.ts";
import type { Workspace } from "./workspace.ts";
import { adminPrincipal, type Principal } from "./principal.ts";

export interface Credentials {
  readonly queryToken?: string;
  readonly authorization?: string;
}

export function tokenOf(credentials: Credentials): string | undefined {
  if (credentials.queryToken !== undefined && credentials.queryToken !== "") return credentials.queryToken;
  const parts = credentials.authorization?.split(" ");
  return parts?.length === 2 && parts[0] === "Bearer" && parts[1] ? parts[1] : undefined;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function authenticate(credentials: Credentials, workspace: Workspace): Principal {
  const token = tokenOf(credentials);
  if (token === undefined) throw errors.noToken();
  if (sameToken(token, workspace.adminToken)) return adminPrincipal;
  throw errors.invalidToken(token);
}
