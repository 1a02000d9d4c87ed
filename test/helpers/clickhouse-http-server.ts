/**
 * A ClickHouse-HTTP-compatible test server in front of chdb, so the ClickHouse-server
 * engine (`@clickhouse/client`) is exercised over real HTTP in CI, where no ClickHouse
 * server exists. It speaks the part of the protocol the client uses: the statement in
 * the body or in `query`, insert data in the body, settings and `database` as URL
 * parameters, `X-ClickHouse-Summary`, and errors as `Code: N. DB::Exception: …`.
 *
 * Run as its own process (chdb holds one data directory per process):
 *   node --import tsx test/helpers/clickhouse-http-server.ts <data-dir> [--cluster]
 * It prints `listening <url>` on stdout. `--port N` listens there (to come back where it was after a stop).
 *
 * With `--cluster` it stands in for a cluster's node and records every statement with its
 * settings (`GET /_recorded`). chdb has no cluster, so statements ON CLUSTER are recorded and
 * answered as done without running, except CREATE DATABASE, run here without it so that
 * later statements find their database. Everything else (deploy's own record) runs as usual.
 * With `--record` it records the same way but runs every statement, as one server would.
 */
import { createServer, type IncomingMessage } from "node:http";
import { Session } from "chdb";

const RESERVED = new Set(["query", "query_id", "database", "default_format", "session_id", "session_timeout", "session_check", "wait_end_of_query"]);

// As a server configured for `aviary backup` (backups.allowed_path in its config): BACKUP … TO File anywhere.
const session = new Session(process.argv[2] ?? "/tmp/aviary-clickhouse-http", { connectionArgs: ["--backups.allowed_path=/"] });
let currentDatabase = "default";
const cluster = process.argv.includes("--cluster");
const recording = cluster || process.argv.includes("--record");
const portArg = process.argv.indexOf("--port");
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 0;
const recorded: { sql: string; settings: Record<string, string> }[] = [];
/** DDL whose first line says ON CLUSTER (an INSERT may carry such text in its values). */
const ON_CLUSTER = /^(\s*(?:CREATE|ALTER|DROP)\b[^\n]*?)\sON CLUSTER\s+(?:`[^`]*`|\S+)/;

async function body(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function settingsOf(params: URLSearchParams): Record<string, string> {
  return Object.fromEntries([...params.entries()].filter(([k]) => !RESERVED.has(k)));
}

function literal(value: string): string {
  return /^-?\d+(\.\d+)?$/.test(value) ? value : `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

const server = createServer((request, response) => {
  void (async () => {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname === "/ping") return void response.end("Ok.\n");
    if (url.pathname === "/_recorded") return void response.end(JSON.stringify(recorded));
    const params = url.searchParams;
    const payload = await body(request);
    const settings = settingsOf(params);
    const sent = params.get("query") ?? payload.toString("utf8");
    if (recording) recorded.push({ sql: sent, settings });
    try {
      if (cluster && ON_CLUSTER.test(sent)) {
        if (/^\s*CREATE DATABASE/i.test(sent)) await session.queryAsync(sent.replace(ON_CLUSTER, "$1"));
        return void response.end();
      }
      const database = params.get("database");
      if (database && database !== currentDatabase) {
        await session.queryAsync(`USE ${database}`);
        currentDatabase = database;
      }
      const inQuery = params.get("query");
      const insert = inQuery !== null && /^\s*INSERT\s+INTO\s+([\w.]+)\s+FORMAT\s+JSONEachRow\s*$/i.exec(inQuery);
      if (insert) {
        const summary = await session.insert({ table: insert[1]!, values: payload, format: "JSONEachRow", settings });
        response.setHeader("X-ClickHouse-Summary", JSON.stringify({ written_rows: String(summary.rowsWritten) }));
        return void response.end();
      }
      const statement = inQuery ?? payload.toString("utf8");
      const isRead = /^\s*(SELECT|WITH|DESCRIBE|DESC|EXPLAIN|SHOW)\b/i.test(statement);
      const withSettings =
        isRead && Object.keys(settings).length > 0
          ? `${statement}\nSETTINGS ${Object.entries(settings).map(([k, v]) => `${k} = ${literal(v)}`).join(", ")}`
          : statement;
      const result = await session.queryAsync(withSettings, { format: params.get("default_format") ?? "TabSeparated" });
      response.setHeader(
        "X-ClickHouse-Summary",
        JSON.stringify({ read_rows: String(result.rowsRead), read_bytes: String(result.bytesRead), elapsed_ns: String(Math.round(result.elapsed * 1e9)) }),
      );
      response.end(Buffer.from(result.bytes()));
    } catch (err) {
      const failure = err as { message?: string; clickhouseCode?: number };
      response.statusCode = 500;
      response.setHeader("X-ClickHouse-Exception-Code", String(failure.clickhouseCode ?? 1));
      const message = failure.message ?? String(err);
      response.end(message.startsWith("Code:") ? message : `Code: ${failure.clickhouseCode ?? 1}. DB::Exception: ${message}`);
    }
  })();
});

server.listen(port, "127.0.0.1", () => {
  const address = server.address();
  if (address && typeof address === "object") console.log(`listening http://127.0.0.1:${address.port}`);
});

const stop = () => server.close(() => {
  session.close();
  process.exit(0);
});
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
