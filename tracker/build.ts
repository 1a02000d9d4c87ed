/**
 * Builds the tracker with esbuild into tracker/dist:
 *   flock.js (+ flock.js.map)  the core, an IIFE, at most CORE_GZIP_BUDGET bytes gzipped; its map is
 *                              linked by the server's SourceMap header, not a comment (31 bytes of budget);
 *   flock-extensions.js        the opt-in features, loaded by the core only when the tag asks for one;
 *   flock-web-vitals.js        the web-vitals chunk, loaded by the extensions chunk with data-web-vitals="true".
 * Idempotent: files are replaced atomically and only when their content changes, so a server
 * serving dist/ never sees a half-written file and its ETags stay stable across rebuilds.
 *
 * Run: node --import tsx tracker/build.ts   (exits non-zero above the budget)
 */
import { build, type BuildOptions } from 'esbuild';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const CORE_GZIP_BUDGET = 2560;

const here = dirname(fileURLToPath(import.meta.url));
export const trackerDist = join(here, 'dist');

const common: BuildOptions = {
  bundle: true,
  minify: true,
  format: 'iife',
  // ?. and ?? stay native; every browser with fetch keepalive has them.
  target: 'es2020',
  legalComments: 'none',
  write: false,
  logLevel: 'silent',
  // Not the repo tsconfig: its "strict" would add a "use strict" prologue, bytes an IIFE does not need.
  tsconfigRaw: {},
};

export async function buildTracker(): Promise<{ coreGzipBytes: number }> {
  const chunk = (entry: string, out: string) => build({ ...common, entryPoints: [join(here, entry)], outfile: join(trackerDist, out) });
  const results = await Promise.all([
    build({ ...common, entryPoints: [join(here, 'src/index.ts')], outfile: join(trackerDist, 'flock.js'), sourcemap: 'external' }),
    // No source maps for the chunks: the server serves none.
    chunk('src/extensions-chunk.ts', 'flock-extensions.js'),
    chunk('src/web-vitals-chunk.ts', 'flock-web-vitals.js'),
  ]);
  const files = results.flatMap((r) => r.outputFiles ?? []);
  const coreFile = files.find((f) => f.path.endsWith('flock.js'));
  if (!coreFile) throw new Error('tracker build: esbuild produced no flock.js');
  const coreGzipBytes = gzipSync(coreFile.contents).length;
  if (coreGzipBytes > CORE_GZIP_BUDGET) {
    throw new Error(`tracker build: flock.js is ${coreGzipBytes} bytes gzipped, over the ${CORE_GZIP_BUDGET}-byte budget`);
  }
  mkdirSync(trackerDist, { recursive: true });
  for (const f of files) writeIfChanged(f.path, f.contents);
  return { coreGzipBytes };
}

function writeIfChanged(path: string, contents: Uint8Array): void {
  try {
    if (Buffer.from(contents).equals(readFileSync(path))) return;
  } catch {
    // Not built yet.
  }
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, path);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildTracker().then(
    ({ coreGzipBytes }) => console.log(`tracker: dist/flock.js ${coreGzipBytes} bytes gzipped (budget ${CORE_GZIP_BUDGET})`),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    },
  );
}
