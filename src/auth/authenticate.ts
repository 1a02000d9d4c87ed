/**
 * Turns the token a request carries into a Principal, or the 403 Tinybird answers with.
 * `?token=` wins over `Authorization: Bearer` (Tinybird reads the query argument first).
 * Tokens starting with `p.` are static (Tinybird's own test); anything else is a JWT.
 */
import { createSecretKey, timingSafeEqual, type KeyObject } from "node:crypto";
import { errors } from "../errors.ts";
import { readClaims } from "./jwt-claims.ts";
import { jwtPrincipal } from "./jwt-principal.ts";
import { JwtError, verifyJwtSignature } from "./jwt-verifier.ts";
import { adminPrincipal, type Principal } from "./principal.ts";
import type { TokenStore } from "./token-store.ts";
import { VerifiedCache } from "./verified-cache.ts";
import type { Workspace } from "./workspace.ts";

export interface Credentials {
  readonly queryToken?: string;
  readonly authorization?: string;
}

function tokenOf(credentials: Credentials): string | undefined {
  if (credentials.queryToken !== undefined && credentials.queryToken !== "") return credentials.queryToken;
  const parts = credentials.authorization?.split(" ");
  return parts?.length === 2 && parts[0] === "Bearer" && parts[1] ? parts[1] : undefined;
}

function sameToken(token: string, expected: Buffer): boolean {
  const sent = Buffer.from(token);
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}

export class Authenticator {
  private readonly jwtKey: KeyObject;
  /** The admin token's bytes, made once: every request's token is compared with them. */
  private readonly adminBytes: Buffer;
  private readonly verified: VerifiedCache<Principal>;

  constructor(
    private readonly workspace: Workspace,
    private readonly tokens: TokenStore,
    cacheSize = 10_000,
  ) {
    // The JWT key is the admin token string itself: refreshing the admin token revokes every JWT.
    this.adminBytes = Buffer.from(workspace.adminToken, "utf8");
    this.jwtKey = createSecretKey(this.adminBytes);
    this.verified = new VerifiedCache(cacheSize);
  }

  authenticate(credentials: Credentials, nowSeconds = Date.now() / 1000): Principal {
    const token = tokenOf(credentials);
    if (token === undefined) throw errors.noToken();
    if (sameToken(token, this.adminBytes)) return adminPrincipal;
    if (token.startsWith("p.")) {
      const principal = this.tokens.principalOf(token);
      if (!principal) throw errors.invalidToken(token, "not a token of this server (one made for another data directory or workspace, or removed)");
      return principal;
    }
    return this.verified.get(token, nowSeconds) ?? this.verifyJwt(token, nowSeconds);
  }

  private verifyJwt(token: string, nowSeconds: number): Principal {
    try {
      const claims = readClaims(verifyJwtSignature(token, this.jwtKey), this.workspace.id, nowSeconds);
      const principal = jwtPrincipal(claims, token.slice(token.lastIndexOf(".") + 1));
      this.verified.set(token, principal, claims.exp);
      return principal;
    } catch (err) {
      if (err instanceof JwtError) throw errors.invalidToken(token, err.message);
      throw err;
    }
  }
}
