/**
 * Static tokens as `token:<name>` rows of the shared state, so a token created on one node
 * verifies on every other. Each node polls every REFRESH_MS (and at once, at most once per
 * REFRESH_MS, when a request brings a token it does not know): a token created or removed
 * elsewhere is seen within about REFRESH_MS plus one query.
 */
import type { KeyedState } from "./clickhouse-state.ts";
import type { StoredToken, TokenSource } from "./token-source.ts";

const REFRESH_MS = 1000;
const PREFIX = "token:";

export class ClickHouseTokens implements TokenSource {
  private timer: NodeJS.Timeout | undefined;
  private lastText = "";
  private lastRefresh = 0;
  private refreshing: Promise<void> | undefined;
  private onChange: ((tokens: readonly StoredToken[]) => void) | undefined;

  constructor(private readonly state: KeyedState) {}

  async read(): Promise<StoredToken[]> {
    const tokens = [...(await this.state.read(PREFIX)).values()].map((text) => JSON.parse(text) as StoredToken);
    this.lastText = JSON.stringify(tokens);
    this.lastRefresh = Date.now();
    return tokens;
  }

  /** Only what changed: other nodes' and the CLI's tokens are left as they are. */
  async write(next: readonly StoredToken[], previous: readonly StoredToken[]): Promise<void> {
    const before = new Map(previous.map((t) => [t.name, JSON.stringify(t)]));
    const names = new Set(next.map((t) => t.name));
    await this.state.write([
      ...next.filter((t) => before.get(t.name) !== JSON.stringify(t)).map((t) => [PREFIX + t.name, JSON.stringify(t)] as const),
      ...previous.filter((t) => !names.has(t.name)).map((t) => [PREFIX + t.name, ""] as const),
    ]);
  }

  changed(): undefined {
    if (this.onChange && Date.now() - this.lastRefresh >= REFRESH_MS) void this.refresh();
    return undefined;
  }

  watch(onChange: (tokens: readonly StoredToken[]) => void): void {
    this.onChange = onChange;
    this.timer ??= setInterval(() => void this.refresh(), REFRESH_MS);
    this.timer.unref();
  }

  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        const before = this.lastText;
        const tokens = await this.read();
        if (this.lastText !== before) this.onChange?.(tokens);
      } catch {
        // ClickHouse unreachable: keep the tokens known so far (/ready says why); try again next tick.
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }
}
