/**
 * The data operations being swapped in, one file each in `<data dir>/data-ops/`: written once
 * an operation's partitions are built and before the first is swapped in, removed once all
 * are. A file found at start is a swap a crash (or a kill) interrupted; it is run again, which
 * ends as an uninterrupted one (run-data-op.ts), so tables and views never stay out of step.
 */
import { appendFile, mkdir, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { writeFileDurably } from "../state/durable-file.ts";
import type { DataOpPlan } from "./run-data-op.ts";

export interface JournalEntry {
  readonly id: string;
  readonly plan: DataOpPlan;
}

export class DataOpJournal {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, "data-ops");
  }

  /** Durable before it returns: the file and its place in the folder are synced. */
  async write(entry: JournalEntry): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeFileDurably(join(this.dir, `${entry.id}.json`), JSON.stringify(entry));
  }

  pathOf(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  async remove(id: string): Promise<void> {
    await rm(join(this.dir, `${id}.json`), { force: true });
    await rm(join(this.dir, `${id}.progress`), { force: true });
  }

  /**
   * Records one partition swapped in (`key`: target and partition). Not synced: a kill leaves
   * it in the page cache; a power cut may lose it, and the partition is then taken for one not
   * swapped yet, which can only stop a start (never lose rows).
   */
  async swapped(id: string, key: string): Promise<void> {
    await appendFile(join(this.dir, `${id}.progress`), `${key}\n`);
  }

  /** The partitions an interrupted operation had swapped in. */
  async swappedSoFar(id: string): Promise<Set<string>> {
    const text = await readFile(join(this.dir, `${id}.progress`), "utf8").catch(() => "");
    return new Set(text.split("\n").filter((line) => line !== ""));
  }

  /** Operations started and not finished, oldest first. */
  async pending(): Promise<JournalEntry[]> {
    const names = (await readdir(this.dir).catch(() => [] as string[])).filter((n) => n.endsWith(".json")).sort();
    return Promise.all(
      names.map(async (name) => {
        const path = join(this.dir, name);
        let entry: JournalEntry;
        try {
          entry = JSON.parse(await readFile(path, "utf8")) as JournalEntry;
        } catch (err) {
          throw new Error(`the data operation journal ${path} cannot be read (${(err as Error).message}); the operation it records was interrupted: remove the file to start, then check the datasource it names and its views`, { cause: err });
        }
        // Versions before operations were built and swapped journalled a plan of mutations instead.
        if (!Array.isArray(entry.plan?.swaps)) {
          throw new Error(`the data operation journal ${path} was written by an earlier version of Aviary, and the operation it records was interrupted: start that version once to finish it, or remove the file, start, and run the operation again`);
        }
        return entry;
      }),
    );
  }
}
