/**
 * Static tokens of a data directory, kept in `<dataDir>/tokens.json` (written atomically).
 * A running server sees a file another process (`aviary token create`) wrote within a
 * second: it looks at the file's time every second, and when a request carries a token
 * it does not know (at most once a second). So a token's scopes changed, or a token
 * removed, apply even to a holder who only ever sends that token.
 */
import { readFileSync, statSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { StoredToken, TokenSource } from "./token-source.ts";

const FILE = "tokens.json";
/** How often the store looks for a changed tokens.json, on its own and when an unknown `p.` token comes. */
const RELOAD_CHECK_MS = 1000;

async function readTokens(dataDir: string): Promise<StoredToken[]> {
  try {
    const parsed = JSON.parse(await readFile(join(dataDir, FILE), "utf8")) as { tokens?: StoredToken[] };
    return Array.isArray(parsed.tokens) ? parsed.tokens : [];
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
}

async function writeTokens(dataDir: string, tokens: readonly StoredToken[]): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const tmp = join(dataDir, `${FILE}.tmp`);
  await writeFile(tmp, `${JSON.stringify({ tokens }, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, join(dataDir, FILE));
}

export class FileTokens implements TokenSource {
  private loadedMtime = 0;
  private lastCheck = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly dataDir: string) {}

  async read(): Promise<StoredToken[]> {
    const tokens = await readTokens(this.dataDir);
    this.loadedMtime = this.currentMtime();
    return tokens;
  }

  async write(next: readonly StoredToken[]): Promise<void> {
    await writeTokens(this.dataDir, next);
    this.loadedMtime = this.currentMtime();
  }

  changed(): readonly StoredToken[] | undefined {
    const now = Date.now();
    if (now - this.lastCheck < RELOAD_CHECK_MS) return undefined;
    this.lastCheck = now;
    return this.reread();
  }

  watch(onChange: (tokens: readonly StoredToken[]) => void): void {
    this.timer ??= setInterval(() => {
      const tokens = this.reread();
      if (tokens) onChange(tokens);
    }, RELOAD_CHECK_MS);
    this.timer.unref();
  }

  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The tokens when tokens.json changed since last read, else undefined. */
  private reread(): readonly StoredToken[] | undefined {
    try {
      const stat = statSync(join(this.dataDir, FILE));
      if (stat.mtimeMs === this.loadedMtime) return undefined;
      // Synchronous on purpose: rare (a token was just created), and auth stays a plain function.
      const parsed = JSON.parse(readFileSync(join(this.dataDir, FILE), "utf8")) as { tokens?: StoredToken[] };
      this.loadedMtime = stat.mtimeMs;
      return Array.isArray(parsed.tokens) ? parsed.tokens : [];
    } catch {
      // No tokens.json, or one being written: the next check will see it.
      return undefined;
    }
  }

  private currentMtime(): number {
    try {
      return statSync(join(this.dataDir, FILE)).mtimeMs;
    } catch {
      return 0;
    }
  }
}
