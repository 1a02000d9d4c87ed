/**
 * Runs command lines one after another in one bash, as typed into one terminal (a variable
 * set by one line is there for the next), and hands back each line's own stdout, stderr
 * and exit status: a marker after each line splits the streams.
 */
import { execFile } from "node:child_process";

export interface LineResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

const MARK = "\x1e";

function split(stream: string, count: number): { text: string; status?: number }[] {
  const parts: { text: string; status?: number }[] = [];
  const marker = new RegExp(`${MARK}(\\d+)(?::(\\d+))?\\n`, "g");
  let from = 0;
  for (const match of stream.matchAll(marker)) {
    parts[Number(match[1])] = { text: stream.slice(from, match.index), status: match[2] === undefined ? undefined : Number(match[2]) };
    from = match.index! + match[0].length;
  }
  if (parts.length !== count) throw new Error(`shell session: ${parts.length} of ${count} lines ran:\n${stream}`);
  return parts;
}

export function runLines(lines: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<LineResult[]> {
  const script = lines.map((line, i) => `${line}\n__status=$?\nprintf '${MARK}%d:%d\\n' ${i} "$__status"\nprintf '${MARK}%d\\n' ${i} >&2\n`).join("");
  return new Promise((resolve, reject) => {
    execFile("bash", ["-c", script], { ...options, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`bash failed: ${err.message}\n${stderr}`));
      try {
        const out = split(stdout, lines.length);
        const errs = split(stderr, lines.length);
        resolve(out.map((o, i) => ({ status: o.status!, stdout: o.text, stderr: errs[i]!.text })));
      } catch (failure) {
        reject(failure as Error);
      }
    });
  });
}
