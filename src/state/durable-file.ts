/**
 * Replaces a small file so that a crash leaves either the old text or the new, never a torn
 * one: written beside it, synced, renamed into place, and the folder synced so the rename
 * survives too.
 */
import { open, rename } from "node:fs/promises";
import { dirname } from "node:path";

export async function writeFileDurably(path: string, text: string, mode?: number): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  const file = await open(temporary, "w", mode);
  try {
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
  const folder = await open(dirname(path), "r");
  await folder.sync().finally(() => folder.close());
}
