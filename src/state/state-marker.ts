/**
 * A node whose state is in ClickHouse leaves a note in its data directory saying so
 * (`state.json`: where, without credentials). A command pointed at that directory alone
 * (`aviary token admin --data-dir D`, the start banner's own hint) would otherwise create
 * a second workspace there and print tokens no node accepts; with the note it refuses and
 * says which flag it needs.
 */
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";

const FILE = "state.json";

export interface StateMarker {
  /** The ClickHouse URL without user or password: enough to recognise, not to connect. */
  readonly clickhouse: string;
  readonly cluster?: string;
}

/** The URL as it may be shown: no credentials. */
export function shownUrl(url: string): string {
  const parsed = new URL(url);
  parsed.username = "";
  parsed.password = "";
  return parsed.href.replace(/\/$/, "");
}

export async function writeStateMarker(dataDir: string, clickhouseUrl: string, cluster: string | undefined): Promise<void> {
  const tmp = join(dataDir, `${FILE}.${process.pid}.tmp`);
  await writeFile(tmp, `${JSON.stringify({ clickhouse: shownUrl(clickhouseUrl), ...(cluster ? { cluster } : {}) } satisfies StateMarker)}\n`);
  await rename(tmp, join(dataDir, FILE));
}

export async function readStateMarker(dataDir: string): Promise<StateMarker | undefined> {
  const text = await readFile(join(dataDir, FILE), "utf8").catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as StateMarker);
}

/** The flags that name a marked node's state, as a command line shows them. */
export function stateFlags(marker: StateMarker): string {
  return `--clickhouse-url ${marker.clickhouse}${marker.cluster ? ` --clickhouse-cluster ${marker.cluster}` : ""}`;
}
