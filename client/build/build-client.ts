/**
 * Builds the client package (client/package.json) into client/dist:
 *   index.js   every runtime file of the client bundled by esbuild into one ES module (no
 *              dependencies: it uses fetch only);
 *   *.d.ts     tsc's declarations of the client's files, except kit-types.ts, whose types come
 *              from the kit and the SDK: its declarations are written out in full instead
 *              (kit-declarations.ts), so the package needs neither.
 * The declarations are then type-checked alone, without node_modules, so a package whose
 * types point outside itself never gets packed.
 *
 * Run: node --import tsx client/build/build-client.ts  (`npm pack` in client/ runs it first)
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import ts from "typescript";
import { kitDeclarations } from "./kit-declarations.ts";

const CLIENT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DIST = join(CLIENT, "dist");
const ENTRY = join(CLIENT, "index.ts");
const KIT_TYPES = join(CLIENT, "kit-types.ts");

/** The repository's compiler options, set to write declarations. */
function compilerOptions(): ts.CompilerOptions {
  const root = resolve(CLIENT, "..");
  const config = ts.readConfigFile(join(root, "tsconfig.json"), ts.sys.readFile);
  const { options } = ts.convertCompilerOptionsFromJson(config.config.compilerOptions, root);
  return { ...options, noEmit: false, declaration: true, emitDeclarationOnly: true, outDir: DIST };
}

/** The client's files the entry reaches, stopping at kit-types.ts (whose imports are the kit's). */
function packageFiles(): string[] {
  const seen = new Set<string>([ENTRY]);
  for (const file of seen) {
    if (file === KIT_TYPES) continue;
    for (const { fileName } of ts.preProcessFile(readFileSync(file, "utf8")).importedFiles) {
      if (fileName.startsWith(".")) seen.add(resolve(dirname(file), fileName));
    }
  }
  return [...seen];
}

async function bundle(): Promise<string> {
  const result = await build({ entryPoints: [ENTRY], absWorkingDir: CLIENT, bundle: true, format: "esm", platform: "neutral", target: "es2022", write: false, metafile: true, logLevel: "silent" });
  const outside = Object.keys(result.metafile.inputs).filter((input) => !resolve(CLIENT, input).startsWith(CLIENT + sep));
  if (outside.length > 0) throw new Error(`client build: the bundle would carry files from outside client/: ${outside.join(", ")}`);
  return result.outputFiles[0]!.text;
}

/** `<name>.d.ts` → text; imports of `./x.ts` become `./x.js`, which resolves to x.d.ts in any project. */
function declarations(): Map<string, string> {
  const program = ts.createProgram([ENTRY], compilerOptions());
  const out = new Map<string, string>();
  for (const file of packageFiles()) {
    if (file === KIT_TYPES) continue;
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`client build: ${relative(CLIENT, file)} is not in the program`);
    program.emit(source, (name, text) => out.set(relative(DIST, name).replace(/^.*\//, ""), text.replace(/(from\s+"\.{1,2}\/[^"]+)\.ts"/g, '$1.js"')), undefined, true);
  }
  out.set("kit-types.d.ts", kitDeclarations(program, KIT_TYPES));
  return out;
}

/** The declarations alone: no node_modules, no @types, only the standard and DOM libraries. */
function checkAlone(): void {
  const options: ts.CompilerOptions = { strict: true, noEmit: true, types: [], lib: ["lib.es2022.d.ts", "lib.dom.d.ts"], module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, skipLibCheck: false };
  const program = ts.createProgram([join(DIST, "index.d.ts")], options);
  const outside = program.getSourceFiles().filter((f) => !f.fileName.startsWith(DIST + sep) && !program.isSourceFileDefaultLibrary(f));
  const problems = ts.getPreEmitDiagnostics(program);
  if (outside.length > 0 || problems.length > 0) {
    const host = { getCanonicalFileName: (f: string) => f, getCurrentDirectory: () => CLIENT, getNewLine: () => "\n" };
    throw new Error(`client build: the declarations do not stand alone:\n${ts.formatDiagnostics(problems, host)}${outside.map((f) => `reads ${f.fileName}\n`).join("")}`);
  }
}

export async function buildClient(): Promise<{ files: string[] }> {
  const [js, types] = await Promise.all([bundle(), Promise.resolve().then(declarations)]);
  rmSync(DIST, { recursive: true, force: true });
  mkdirSync(DIST, { recursive: true });
  writeFileSync(join(DIST, "index.js"), js);
  for (const [name, text] of types) writeFileSync(join(DIST, name), text);
  checkAlone();
  return { files: ["index.js", ...types.keys()].sort() };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildClient().then(
    ({ files }) => console.log(`client: client/dist (${files.join(", ")})`),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    },
  );
}
