/**
 * An app outside this repository using the client package: the tarball `npm pack` makes of
 * client/, installed offline into a scratch project in a temp directory; and a static file
 * server for what Vite builds there.
 */
import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const CLIENT = new URL("../../../client/", import.meta.url).pathname;

export interface PackedClient {
  readonly tarball: string;
  /** Paths inside the tarball, sorted. */
  readonly files: readonly string[];
}

/** `npm pack` in client/ (its prepack script builds dist/ first), the tarball written to `dest`. */
export async function packClient(dest: string): Promise<PackedClient> {
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", dest], { cwd: CLIENT });
  // The build's own line comes first; the JSON report follows.
  const [report] = JSON.parse(stdout.slice(stdout.search(/^\[/m))) as { filename: string; files: { path: string }[] }[];
  return { tarball: join(dest, report!.filename), files: report!.files.map((f) => f.path).sort() };
}

/** A fresh ES-module project in `dir` with the tarball installed, without the network. */
export async function installInto(dir: string, tarball: string): Promise<void> {
  await writeFile(join(dir, "package.json"), JSON.stringify({ name: "scratch-app", private: true, type: "module" }));
  await run("npm", ["install", tarball, "--offline", "--no-audit", "--no-fund"], { cwd: dir });
}

const TYPES: Readonly<Record<string, string>> = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css" };

export interface StaticSite {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves `root` on a loopback port of its own: the app's origin is not the server's, as in production. */
export async function serveStatic(root: string): Promise<StaticSite> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const file = join(root, normalize(path.endsWith("/") ? `${path}index.html` : path));
    readFile(file).then(
      (body) => res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body),
      () => res.writeHead(404).end("not found"),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
