/** OpenAPI 3.0 description of the endpoints a token can read, with parameters from the templates. */
import type { Pipe, Project } from "../../project/model.ts";
import { templateParameters, type TemplateParam } from "../../template/index.ts";
import { fileContentType, staticFile, type StaticFile } from "../static-files.ts";

type Schema = Record<string, unknown>;

function schemaOf(param: TemplateParam): Schema {
  const type = param.type;
  let schema: Schema;
  if (/^U?Int(8|16|32|64|128|256)?$|^Integer$/.test(type)) schema = { type: "integer" };
  else if (/^Float/.test(type)) schema = { type: "number" };
  else if (type === "Boolean") schema = { type: "boolean" };
  else if (type === "Date") schema = { type: "string", format: "date" };
  else if (type.startsWith("DateTime")) schema = { type: "string", format: "date-time" };
  else if (type.startsWith("Array")) schema = { type: "array", items: { type: "string" } };
  else schema = { type: "string" };
  if (param.default !== undefined) schema.default = param.default;
  if (param.enum) schema.enum = param.enum;
  if (param.example !== undefined) schema.example = param.example;
  return schema;
}

/**
 * Per pipe object (a new build brings new ones): reading every template's parameters took
 * 60 ms of the event loop per `openapi.json`, which the dashboard asks for on every load.
 */
const parametersOf = new WeakMap<Pipe, TemplateParam[]>();

/** Parameters declared in any node, merged with the TypeScript `params` of the pipe (which win). */
export function pipeParameters(pipe: Pipe): TemplateParam[] {
  let params = parametersOf.get(pipe);
  if (!params) parametersOf.set(pipe, (params = readParameters(pipe)));
  return params;
}

function readParameters(pipe: Pipe): TemplateParam[] {
  const found = new Map<string, TemplateParam>();
  for (const node of pipe.nodes) for (const p of templateParameters(node.sql)) if (!found.has(p.name)) found.set(p.name, p);
  for (const decl of pipe.params) {
    const known = found.get(decl.name);
    found.set(decl.name, {
      ...known,
      name: decl.name,
      type: decl.type,
      required: decl.required,
      default: decl.default ?? known?.default,
      description: decl.description ?? known?.description,
    });
  }
  return [...found.values()];
}

function operation(pipe: Pipe, method: "get" | "post"): Schema {
  const params = pipeParameters(pipe).map((p) => ({
    name: p.name,
    in: "query",
    required: p.required === true,
    description: p.description ?? "",
    schema: schemaOf(p),
  }));
  return {
    operationId: `${pipe.name}_${method}`,
    summary: pipe.description ?? pipe.name,
    parameters: [
      { name: "format", in: "path", required: true, schema: { type: "string", enum: ["json", "csv"], default: "json" } },
      { name: "q", in: "query", required: false, description: "SQL over the result, which it calls _", schema: { type: "string" } },
      ...params,
    ],
    responses: {
      "200": { description: "Rows", content: { "application/json": { schema: { $ref: "#/components/schemas/Response" } } } },
      "400": { description: "Bad parameters" },
      "403": { description: "Token without access" },
    },
  };
}

function openApiDocument(project: Project, canRead: (pipe: string) => boolean, baseUrl: string): Schema {
  const endpoints = [...project.pipes.values()].filter((p) => p.type === "endpoint" && canRead(p.name));
  return {
    openapi: "3.0.0",
    info: { title: "Aviary endpoints", version: "1.0.0", description: "Endpoints of this Aviary workspace" },
    servers: [{ url: `${baseUrl}/v0` }],
    security: [{ TokenBearerHeader: [] }, { TokenQueryString: [] }],
    paths: Object.fromEntries(
      endpoints.map((p) => [`/pipes/${p.name}.{format}`, { get: operation(p, "get"), post: operation(p, "post") }]),
    ),
    components: {
      securitySchemes: {
        TokenBearerHeader: { type: "http", scheme: "bearer" },
        TokenQueryString: { type: "apiKey", in: "query", name: "token" },
      },
      schemas: {
        Response: {
          type: "object",
          required: ["meta", "data", "rows", "statistics"],
          properties: {
            meta: { type: "array", items: { type: "object", properties: { name: { type: "string" }, type: { type: "string" } } } },
            data: { type: "array", items: { type: "object" } },
            rows: { type: "integer" },
            rows_before_limit_at_least: { type: "integer" },
            statistics: { type: "object", properties: { elapsed: { type: "number" }, rows_read: { type: "integer" }, bytes_read: { type: "integer" } } },
          },
        },
      },
    },
  };
}

/** Documents kept per project, the most recently used (the server address comes from the request's Host). */
const KEPT_DOCUMENTS = 32;
const documents = new WeakMap<Project, Map<string, StaticFile>>();

/**
 * The document for the endpoints `canRead` admits and `baseUrl`, as a file: serialized once and
 * compressed once per encoding (static-files.ts). The kit's is 330 KB of JSON, which the
 * dashboard asks for at every load; serializing and compressing it took about 9 ms each time.
 * A client sending a new Host each time costs what every request cost before: compression
 * at a dynamic answer's level, and the documents others use stay while they use them.
 */
export function openApiFile(project: Project, canRead: (pipe: string) => boolean, baseUrl: string): StaticFile {
  let kept = documents.get(project);
  if (!kept) documents.set(project, (kept = new Map()));
  const key = JSON.stringify([baseUrl, [...project.pipes.keys()].filter(canRead)]);
  const file = kept.get(key) ?? staticFile(Buffer.from(JSON.stringify(openApiDocument(project, canRead, baseUrl))), fileContentType("openapi.json"), false);
  // Least recently used goes first: a Map iterates in insertion order.
  kept.delete(key);
  if (kept.size >= KEPT_DOCUMENTS) kept.delete(kept.keys().next().value!);
  kept.set(key, file);
  return file;
}
