/**
 * The static tokens a server accepts, indexed by token id, from a TokenSource (a data
 * directory's tokens.json, or ClickHouse when nodes share one). A token the project
 * declares keeps its value for as long as the project declares its name, across restarts
 * and redeploys; its scopes follow the project's, and it is removed (so it stops working)
 * once the project no longer declares it. Tokens made with `aviary token create` are left
 * alone by deploys, and a running server picks them up.
 */
import type { Project } from "../project/model.ts";
import type { StoredToken, TokenSource } from "../state/token-source.ts";
import type { Principal } from "./principal.ts";
import { declaredTokens } from "./project-tokens.ts";
import { parseScope, type Scope } from "./scopes.ts";
import { staticPrincipal } from "./static-principal.ts";
import { mintStaticToken, readStaticToken } from "./static-token.ts";
import type { Workspace } from "./workspace.ts";

export type { StoredToken } from "../state/token-source.ts";

export function scopesOf(token: StoredToken): Scope[] {
  return token.scopes.flatMap((text) => parseScope(text) ?? []);
}

export class TokenStore {
  private tokens: readonly StoredToken[] = [];
  /**
   * Each stored token this server signed, by its whole text: a token sent as stored (every
   * tracker request) is known without computing its HMAC again.
   */
  private principals = new Map<string, Principal>();

  private constructor(
    private readonly source: TokenSource,
    private readonly workspace: Workspace,
  ) {}

  static async open(source: TokenSource, workspace: Workspace): Promise<TokenStore> {
    const store = new TokenStore(source, workspace);
    store.index(await source.read());
    source.watch?.((tokens) => store.index(tokens));
    return store;
  }

  list(): readonly StoredToken[] {
    return this.tokens;
  }

  /** The principal of a static token this store holds, or undefined. */
  principalOf(token: string): Principal | undefined {
    const known = this.principals.get(token);
    if (known) return known;
    // Signed here but not known: perhaps just made by `aviary token create` (the source looks at most once a second).
    if (!readStaticToken(token, this.workspace.secret)) return undefined;
    const fresh = this.source.changed();
    if (fresh) this.index(fresh);
    return this.principals.get(token);
  }

  /** Creates, updates and removes project tokens so they match what `project` declares. */
  async syncProject(project: Project): Promise<void> {
    const declared = declaredTokens(project);
    // A token signed with another workspace's secret (a recreated workspace) is replaced.
    const valid = this.tokens.filter((t) => readStaticToken(t.token, this.workspace.secret));
    const previous = new Map(valid.map((t) => [t.name, t.token]));
    const next: StoredToken[] = [
      ...[...declared].map(([name, scopes]) => ({ name, token: previous.get(name) ?? mintStaticToken(this.workspace.id, this.workspace.secret), scopes, origin: "project" as const })),
      ...valid.filter((t) => t.origin === "cli" && !declared.has(t.name)),
    ];
    if (JSON.stringify(next) !== JSON.stringify(this.tokens)) await this.source.write(next, this.tokens);
    this.index(next);
  }

  private index(tokens: readonly StoredToken[]): void {
    this.tokens = tokens;
    this.principals = new Map(tokens.flatMap((t) => (readStaticToken(t.token, this.workspace.secret) ? [[t.token, staticPrincipal(t.name, scopesOf(t))] as const] : [])));
  }
}
