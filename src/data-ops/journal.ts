/**
 * The data operations under way, one file each in `<data dir>/data-ops/`: written before a
 * plan changes anything, removed once it has been carried out. A file found at start is an
 * operation a crash (or a kill) interrupted; the service carries it out again, which ends in
 * the same state as an uninterrupted run (run-data-op.ts), so views never stay out of step.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
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

  async write(entry: JournalEntry): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, `${entry.id}.json`);
    await writeFile(`${path}.tmp`, JSON.stringify(entry));
    await rename(`${path}.tmp`, path);
  }

  async remove(id: string): Promise<void> {
    await rm(join(this.dir, `${id}.json`), { force: true });
  }

  /** Operations started and not finished, oldest first. */
  async pending(): Promise<JournalEntry[]> {
    const names = (await readdir(this.dir).catch(() => [] as string[])).filter((n) => n.endsWith(".json")).sort();
    return Promise.all(names.map(async (name) => JSON.parse(await readFile(join(this.dir, name), "utf8")) as JournalEntry));
  }
}
