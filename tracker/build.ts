/**
 * Builds the tracker with esbuild into tracker/dist:
 *   flock.js (+ flock.js.map)  the core, an IIFE, at most CORE_GZIP_BUDGET bytes gzipped;
 *   flock-web-vitals.js        the web-vitals chunk the core loads only with data-web-vitals="true".
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
  const [core, vitals] = await Promise.all([
    build({ ...common, entryPoints: [join(here, 'src/index.ts')], outfile: join(trackerDist, 'flock.js'), sourcemap: true }),
    // No source map for the chunk: it is third-party code and the server does not serve one.
    build({ ...common, entryPoints: [join(here, 'src/web-vitals-chunk.ts')], outfile: join(trackerDist, 'flock-web-vitals.js') }),
  ]);
  const files = [...(core.outputFiles ?? []), ...(vitals.outputFiles ?? [])];
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
