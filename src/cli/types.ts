/**
 * `aviary types`: TypeScript types for a deployed project's endpoints, for projects whose
 * endpoints leave out `output`. Parameters come from the server's OpenAPI; rows from the
 * columns each query returns (`q=SELECT * FROM _ LIMIT 0`, so nothing is read), asked
 * once with the defaults and once more per Boolean parameter turned on: a column only
 * some of those answers have is optional.
 */
import { writeFile } from "node:fs/promises";
import { Command } from "commander";
import { createTransport, queryParams, type Transport } from "../../client/http.ts";
import { typesModule, type ColumnDescription, type EndpointDescription, type ParamDescription } from "../../client/codegen/types-module.ts";
import { storedAdminToken } from "./token-context.ts";
import { buildConfig } from "../config.ts";
import { runningServer } from "./server-file.ts";

interface OpenApiParameter {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
  readonly description?: string;
  readonly schema?: { readonly type?: string; readonly format?: string; readonly default?: unknown };
}

interface OpenApiDocument {
  readonly paths: Record<string, { readonly get?: { readonly summary?: string; readonly parameters?: readonly OpenApiParameter[] } }>;
}

/** Enough to get past "Required parameter is not defined"; the answer has no rows anyway. */
function placeholder(schema: OpenApiParameter["schema"] = {}): string {
  if (schema.type === "integer" || schema.type === "number") return "0";
  if (schema.type === "boolean") return "false";
  if (schema.format === "date") return "1970-01-01";
  if (schema.format === "date-time") return "1970-01-01 00:00:00";
  return "";
}

async function columnsOf(transport: Transport, endpoint: string, params: Record<string, string>): Promise<{ name: string; type: string }[]> {
  const query = queryParams({ ...params, q: "SELECT * FROM _ LIMIT 0" });
  const response = await transport.send(`/v0/pipes/${encodeURIComponent(endpoint)}.json`, query, { method: "GET" });
  return ((await response.json()) as { meta: { name: string; type: string }[] }).meta;
}

const MAX_FLAGS = 8;

async function describe(transport: Transport, name: string, summary: string | undefined, parameters: readonly OpenApiParameter[]): Promise<EndpointDescription> {
  const own = parameters.filter((p) => p.in === "query" && p.name !== "q");
  // A Boolean default marks a flag even where the template compares raw text (`flag == 'true'`) and the schema says string.
  const typeOf = (p: OpenApiParameter) => (typeof p.schema?.default === "boolean" ? "boolean" : (p.schema?.type ?? "string"));
  const params: ParamDescription[] = own.map((p) => ({ name: p.name, type: typeOf(p), required: p.required === true, description: p.description || undefined }));
  const base = Object.fromEntries(own.filter((p) => p.required && p.schema?.default === undefined).map((p) => [p.name, placeholder(p.schema)]));
  const flags = own.filter((p) => typeOf(p) === "boolean").slice(0, MAX_FLAGS);
  const description = summary && summary !== name ? summary : undefined;
  try {
    const answers = [await columnsOf(transport, name, base)];
    for (const flag of flags) answers.push(await columnsOf(transport, name, { ...base, [flag.name]: "true" }));
    const columns = new Map<string, { types: Set<string>; seen: number }>();
    for (const answer of answers) {
      for (const column of answer) {
        const entry = columns.get(column.name) ?? { types: new Set<string>(), seen: 0 };
        entry.types.add(column.type);
        entry.seen++;
        columns.set(column.name, entry);
      }
    }
    const described: ColumnDescription[] = [...columns].map(([column, e]) => ({ name: column, types: [...e.types], optional: e.seen < answers.length }));
    return { name, description, params, columns: described };
  } catch (err) {
    return { name, description, params, problem: (err as Error).message };
  }
}

export interface TypesOptions {
  readonly url: string;
  readonly token: string;
}

/** The module's text, and the endpoints whose rows could not be described. */
export async function generateTypes(options: TypesOptions): Promise<{ module: string; problems: string[] }> {
  const transport = createTransport({ token: options.token, baseUrl: options.url });
  const openapi = (await (await transport.send("/v0/pipes/openapi.json", new URLSearchParams(), { method: "GET" })).json()) as OpenApiDocument;
  const endpoints: EndpointDescription[] = [];
  for (const [path, item] of Object.entries(openapi.paths)) {
    const name = /^\/pipes\/(.+)\.\{format\}$/.exec(path)?.[1];
    if (name && item.get) endpoints.push(await describe(transport, name, item.get.summary, item.get.parameters ?? []));
  }
  return { module: typesModule(endpoints, options.url), problems: endpoints.flatMap((e) => (e.problem ? [`${e.name}: ${e.problem}`] : [])) };
}

export function typesCommand(): Command {
  return new Command("types")
    .description("write TypeScript types (parameters and rows) for the endpoints of a running server")
    .option("--url <url>", "server URL (default: the server running on the data directory, else http://127.0.0.1:<AVIARY_PORT or 7181>)")
    .option("--token <token>", "a token that can read the endpoints (default: the data dir's admin token)")
    .option("--data-dir <dir>", "data directory to read the admin token from (AVIARY_DATA_DIR)")
    .option("--clickhouse-url <url>", "the server's ClickHouse, when it uses one, to read the admin token from (AVIARY_CLICKHOUSE_URL)")
    .option("--out <file>", "write the module here instead of to stdout")
    .action(async (flags: { url?: string; token?: string; dataDir?: string; clickhouseUrl?: string; out?: string }) => {
      const config = buildConfig({ dataDir: flags.dataDir }, process.env, false);
      const token = flags.token ?? (await storedAdminToken(flags));
      if (!token) {
        console.error(`aviary types: no token; pass --token or --data-dir of a server that has started once (looked in ${config.dataDir})`);
        process.exit(2);
      }
      // The server running on the data directory (its server.json), else the configured address.
      const url = flags.url ?? (await runningServer(config.dataDir))?.url ?? `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${config.port}`;
      try {
        const { module, problems } = await generateTypes({ url, token });
        if (flags.out) await writeFile(flags.out, module);
        else process.stdout.write(module);
        for (const problem of problems) console.error(`aviary types: could not describe ${problem}`);
        if (flags.out) console.error(`aviary types: wrote ${flags.out}`);
      } catch (err) {
        console.error(`aviary types: ${(err as Error).message}`);
        process.exit(1);
      }
    });
}
