/**
 * Runs the compile-time checks of `row-types.ts` in `npm test` (tsx strips types without
 * checking them): the TypeScript compiler, with the project's own options, must accept it.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import ts from "typescript";

const ROOT = new URL("../..", import.meta.url).pathname;

test("every kit endpoint has a precise row type (no Record<string, unknown>)", () => {
  const configFile = ts.readConfigFile(`${ROOT}tsconfig.json`, (path) => ts.sys.readFile(path));
  const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, ROOT);
  const program = ts.createProgram([new URL("row-types.ts", import.meta.url).pathname], options);
  // Only this file's own diagnostics: other files are checked by `npm run check`.
  const file = program.getSourceFiles().find((f) => f.fileName.endsWith("test/kit/row-types.ts"));
  assert.ok(file, "row-types.ts is part of the program");
  const problems = ts.getPreEmitDiagnostics(program, file).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  assert.deepEqual(problems, []);
});
