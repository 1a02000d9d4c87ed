/**
 * `aviary/client` must run in a browser: bundled for the browser it needs no Node module,
 * and none of the kit's server code (SQL, user-agent rules, the SDK) comes along.
 */
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { test } from "node:test";
import { build } from "esbuild";

const CLIENT = new URL("../../client/", import.meta.url).pathname;

test("the client bundles for the browser, small and without server code", async () => {
  const result = await build({ entryPoints: [join(CLIENT, "index.ts")], bundle: true, platform: "browser", format: "esm", write: false, minify: true, metafile: true, logLevel: "silent" });
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(inputs.every((path) => path.startsWith("client/")), `bundled more than client/: ${inputs.join(", ")}`);
  const size = result.outputFiles[0]!.contents.byteLength;
  assert.ok(size < 8_000, `bundle is ${size} bytes`);
});

test("no file under client/ imports a Node module or anything at runtime outside client/", async () => {
  // client/build/ is the package's build, run by Node; client/dist/ its output.
  const files = (await readdir(CLIENT, { recursive: true })).filter((f) => f.endsWith(".ts") && !/^(build|dist)\//.test(f));
  assert.ok(files.length > 5);
  for (const file of files) {
    const source = await readFile(join(CLIENT, file), "utf8");
    for (const [, statement, from] of source.matchAll(/^(import|export)(?! type)[^;]*?from\s+"([^"]+)"/gms)) {
      const inside = from!.startsWith(".") && resolve(dirname(join(CLIENT, file)), from!).startsWith(CLIENT);
      assert.ok(inside, `${file}: runtime ${statement} from "${from}" (only type imports may leave client/)`);
    }
  }
});
