/**
 * Static tokens of a data directory, kept in `<dataDir>/tokens.json` (written atomically).
 * A token the project declares keeps its value for as long as the project declares its
 * name, across restarts and redeploys; its scopes follow the project's, and it is removed
 * (so it stops working) once the project no longer declares it. Tokens made with
 * `aviary token create` are left alone by deploys, and a running server picks them up.
 */
import { readFileSync, statSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Project } from "../project/model.ts";
import type { Principal } from "./principal.ts";
import { declaredTokens } from "./project-tokens.ts";
import { parseScope, type Scope } from "./scopes.ts";
import { staticPrincipal } from "./static-principal.ts";
import { mintStaticToken, readStaticToken } from "./static-token.ts";
import type { Workspace } from "./workspace.ts";

export interface StoredToken {
  readonly name: string;
  readonly token: string;
  /** Scope strings, e.g. `PIPES:READ:kpis`, `DATASOURCES:READ:events:tenant_id = 'a'`. */
  readonly scopes: readonly string[];
  /** `project` tokens follow the deployed project; `cli` ones were made by `aviary token create`. */
  readonly origin: "project" | "cli";
}

const FILE = "tokens.json";

export async function readTokens(dataDir: string): Promise<StoredToken[]> {
  try {
    const parsed = JSON.parse(await readFile(join(dataDir, FILE), "utf8")) as { tokens?: StoredToken[] };
    return Array.isArray(parsed.tokens) ? parsed.tokens : [];
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
}

export async function writeTokens(dataDir: string, tokens: readonly StoredToken[]): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const tmp = join(dataDir, `${FILE}.tmp`);
  await writeFile(tmp, `${JSON.stringify({ tokens }, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, join(dataDir, FILE));
}

export function scopesOf(token: StoredToken): Scope[] {
  return token.scopes.flatMap((text) => parseScope(text) ?? []);
}

/** How often an unknown `p.` token may make the store look for a changed tokens.json. */
const RELOAD_CHECK_MS = 1000;

export class TokenStore {
  private tokens: readonly StoredToken[] = [];
  /** Token id (from the `p.` payload) → its principal. */
  private principals = new Map<string, { token: string; principal: Principal }>();
  private loadedMtime = 0;
  private lastCheck = 0;

  private constructor(
    private readonly dataDir: string,
    private readonly workspace: Workspace,
  ) {}

  static async open(dataDir: string, workspace: Workspace): Promise<TokenStore> {
    const store = new TokenStore(dataDir, workspace);
    store.index(await readTokens(dataDir));
    return store;
  }

  list(): readonly StoredToken[] {
    return this.tokens;
  }

  /** The principal of a static token this store holds, or undefined. */
  principalOf(token: string): Principal | undefined {
    const payload = readStaticToken(token, this.workspace.secret);
    if (!payload) return undefined;
    if (!this.principals.has(payload.id)) this.reloadIfChanged();
    const entry = this.principals.get(payload.id);
    return entry && entry.token === token ? entry.principal : undefined;
  }

  /** Creates, updates and removes project tokens so they match what `project` declares. */
  async syncProject(project: Project): Promise<void> {
    const declared = declaredTokens(project);
    // A token signed with another workspace's secret (a recreated workspace.json) is replaced.
    const valid = this.tokens.filter((t) => readStaticToken(t.token, this.workspace.secret));
    const previous = new Map(valid.map((t) => [t.name, t.token]));
    const next: StoredToken[] = [
      ...[...declared].map(([name, scopes]) => ({ name, token: previous.get(name) ?? mintStaticToken(this.workspace.id, this.workspace.secret), scopes, origin: "project" as const })),
      ...valid.filter((t) => t.origin === "cli" && !declared.has(t.name)),
    ];
    if (JSON.stringify(next) !== JSON.stringify(this.tokens)) await writeTokens(this.dataDir, next);
    this.index(next);
  }

  private reloadIfChanged(): void {
    const now = Date.now();
    if (now - this.lastCheck < RELOAD_CHECK_MS) return;
    this.lastCheck = now;
    try {
      const stat = statSync(join(this.dataDir, FILE));
      if (stat.mtimeMs === this.loadedMtime) return;
      // Synchronous on purpose: rare (a token was just created), and auth stays a plain function.
      const parsed = JSON.parse(readFileSync(join(this.dataDir, FILE), "utf8")) as { tokens?: StoredToken[] };
      this.index(Array.isArray(parsed.tokens) ? parsed.tokens : [], stat.mtimeMs);
    } catch {
      // No tokens.json, or one being written: the next check will see it.
    }
  }

  private index(tokens: readonly StoredToken[], mtime = this.currentMtime()): void {
    this.tokens = tokens;
    this.loadedMtime = mtime;
    this.principals = new Map(
      tokens.flatMap((t) => {
        const payload = readStaticToken(t.token, this.workspace.secret);
        return payload ? [[payload.id, { token: t.token, principal: staticPrincipal(t.name, scopesOf(t)) }] as const] : [];
      }),
    );
  }

  private currentMtime(): number {
    try {
      return statSync(join(this.dataDir, FILE)).mtimeMs;
    } catch {
      return 0;
    }
  }
}
