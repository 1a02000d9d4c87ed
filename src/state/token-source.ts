/**
 * Where static tokens are kept, as the TokenStore sees it: read, write, and learn of
 * tokens another process or node wrote. Files (one node) or ClickHouse (many nodes).
 */
export interface StoredToken {
  readonly name: string;
  readonly token: string;
  /** Scope strings, e.g. `PIPES:READ:kpis`, `DATASOURCES:READ:events:tenant_id = 'a'`. */
  readonly scopes: readonly string[];
  /** `project` tokens follow the deployed project; `cli` ones were made by `aviary token create`. */
  readonly origin: "project" | "cli";
}

export interface TokenSource {
  read(): Promise<StoredToken[]>;
  /** Replaces `previous` (what was read) with `next`; a shared store writes only what differs. */
  write(next: readonly StoredToken[], previous: readonly StoredToken[]): Promise<void>;
  /**
   * Asked when a request carries a token the store does not know: the tokens, if they
   * changed since last read, else undefined. Synchronous, so authentication stays a plain function.
   */
  changed(): readonly StoredToken[] | undefined;
  /** A source that polls tells the store of every change (tokens created or removed elsewhere). */
  watch?(onChange: (tokens: readonly StoredToken[]) => void): void;
}
