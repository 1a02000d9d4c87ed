/**
 * What the ingest tests do over HTTP: post events, read tables back through
 * `/v0/sql`, and look up the project's tokens by name.
 */
import assert from "node:assert/strict";
import { request } from "node:http";
import { api, type TestServer } from "../helpers/server.ts";

export const FIXTURE = "test/fixtures/ingest/checks";

export interface PostOptions {
  readonly token?: string | null;
  readonly wait?: boolean;
  readonly headers?: Record<string, string>;
  /** Extra query string, e.g. `&from=ts-sdk`. */
  readonly extra?: string;
}

export async function postEvents(server: TestServer, datasource: string | undefined, body: string | Buffer, options: PostOptions = {}): Promise<Response> {
  const query = `${datasource === undefined ? "" : `name=${datasource}`}${options.wait ? "&wait=true" : ""}${options.extra ?? ""}`;
  return api(server, `/v0/events?${query}`, {
    method: "POST",
    body: typeof body === "string" ? body : Uint8Array.from(body),
    token: options.token,
    headers: { "content-type": "application/x-ndjson", ...options.headers },
  });
}

export function ndjson(rows: readonly unknown[]): string {
  return rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
}

/** Rows of a query, through `/v0/sql` with the admin token. */
export async function sql<T = Record<string, unknown>>(server: TestServer, query: string): Promise<T[]> {
  const res = await api(server, `/v0/sql?q=${encodeURIComponent(`${query} FORMAT JSONEachRow`)}`);
  const text = await res.text();
  assert.equal(res.status, 200, text);
  return text.trim() === "" ? [] : text.trim().split("\n").map((l) => JSON.parse(l) as T);
}

export async function count(server: TestServer, table: string, where = "1"): Promise<number> {
  const [row] = await sql<{ c: string | number }>(server, `SELECT count() AS c FROM ${table} WHERE ${where}`);
  return Number(row?.c ?? 0);
}

export async function tokenNamed(server: TestServer, name: string): Promise<string> {
  const res = await api(server, "/v0/tokens");
  assert.equal(res.status, 200, await res.clone().text());
  const { tokens } = (await res.json()) as { tokens: { name: string; token: string }[] };
  const found = tokens.find((t) => t.name === name);
  assert.ok(found, `token ${name} in ${tokens.map((t) => t.name).join(", ")}`);
  return found.token;
}

/**
 * Announces a body of `bytes` bytes and sends only its start: the server refuses it
 * from its Content-Length alone and closes the connection (as Fastify does on a body
 * error), so sending the rest would only race that close.
 */
export function postOversized(server: TestServer, path: string, bytes: number): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method: "POST", headers: { authorization: `Bearer ${server.adminToken}`, "content-length": bytes } }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown });
      });
    });
    req.on("error", reject);
    req.write(Buffer.alloc(64 * 1024, 0x20));
  });
}
