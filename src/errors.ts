/**
 * Every error Aviary can answer with: a code, the HTTP status Tinybird uses and a message.
 * The core (auth, ingest, queries) throws `ApiError`s from this catalogue; the HTTP edge
 * turns anything else thrown into one (`toApiError`), so clients always get JSON `{"error": …}`.
 */
import { ENGINE_UNREACHABLE, EngineError } from "./engine/engine.ts";
import { CustomError, TemplateError } from "./template/index.ts";

const DOCS = {
  auth: "https://docs.tinybird.co/api-reference/overview#authentication",
  params: "https://docs.tinybird.co/query/query-parameters.html",
  templates: "https://docs.tinybird.co/cli/advanced-templates.html",
} as const;

/** What a 429 for the ingest backlog tells a client about retrying. */
/** Without `retryAfterSeconds` (a request larger than the bound), no retry headers: the same request would never pass. */
function backlogHeaders(limitRows: number, retryAfterSeconds?: number): Record<string, string> {
  if (retryAfterSeconds === undefined) return { "X-RateLimit-Limit": String(limitRows) };
  return { "Retry-After": String(retryAfterSeconds), "X-RateLimit-Limit": String(limitRows), "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": String(retryAfterSeconds) };
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly documentation?: string;
  /** A body sent as is instead of `{"error": message}` (template `custom_error`). */
  readonly rawBody?: unknown;
  readonly headers: Readonly<Record<string, string>>;
  constructor(code: string, status: number, message: string, extra: { documentation?: string; rawBody?: unknown; headers?: Record<string, string> } = {}) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = status;
    this.documentation = extra.documentation;
    this.rawBody = extra.rawBody;
    this.headers = extra.headers ?? {};
  }

  body(): unknown {
    if (this.rawBody !== undefined) return this.rawBody;
    return this.documentation ? { error: this.message, documentation: this.documentation } : { error: this.message };
  }
}

export const errors = {
  noToken: () => new ApiError("NO_TOKEN", 403, "invalid authentication token", { documentation: DOCS.auth }),
  invalidToken: (token: string, reason: string) =>
    new ApiError("INVALID_TOKEN", 403, `invalid authentication token. Invalid token b'${token.slice(0, 200)}': ${reason}`, { documentation: DOCS.auth }),
  noAccess: () => new ApiError("NO_ACCESS", 403, "The token you have provided doesn't have access to this resource"),
  noAccessTo: (resource: string) => new ApiError("NO_ACCESS", 403, `The token you have provided doesn't have access to this resource: ${resource}`),
  noSqlAccess: () =>
    new ApiError(
      "NO_SQL_ACCESS",
      403,
      "This token cannot query /v0/sql: it may only append (a tracker token is public, printed in every page). Use a token with a DATASOURCES:READ or PIPES:READ scope",
    ),
  adminOnly: () => new ApiError("ADMIN_ONLY", 403, "Only the admin token can manage tokens"),
  adminOnlyDataOps: () =>
    new ApiError(
      "ADMIN_ONLY",
      403,
      "Only the admin token can delete or truncate a datasource's rows: Aviary has no DATASOURCES:CREATE scope, since a token that could would reach every tenant's rows",
    ),
  adminOnlyTenants: () => new ApiError("ADMIN_ONLY", 403, "Only the admin token can delete or export a tenant's data: it reaches every datasource"),
  adminOnlyBackups: () => new ApiError("ADMIN_ONLY", 403, "Only the admin token can take a backup: it holds every tenant's rows and every token"),
  backupsNotInCluster: () =>
    new ApiError(
      "NOT_IN_CLUSTER",
      501,
      "aviary backup covers the embedded engine and a single ClickHouse server; in cluster mode, back up every shard with ClickHouse's own BACKUP DATABASE … ON CLUSTER (README, Operations)",
    ),
  tenantRowsLeft: (left: Readonly<Record<string, number>>) =>
    new ApiError("ROWS_LEFT", 500, `Rows of the tenant are left after the delete, per table: ${JSON.stringify(left)}. A view computing tenant_id or domain differently from its source, or a table no datasource feeds, holds them`),
  tooManyDataJobs: (max: number) => new ApiError("TOO_MANY_JOBS", 429, `There are already ${max} deletes and backups waiting or running; wait for one to finish (GET /v0/jobs)`),
  emptyReplace: (datasource: string) =>
    new ApiError(
      "EMPTY_REPLACE",
      400,
      `The request holds no rows, so replacing would only delete '${datasource}' rows: send the NDJSON rows as the body (curl: --data-binary @file, and check the file exists) or as a file part. To remove rows, use POST /v0/datasources/${datasource}/delete or /truncate`,
    ),
  writtenDuringDataOp: (tables: readonly string[]) =>
    new ApiError(
      "WRITTEN_MEANWHILE",
      409,
      `Rows were inserted into ${tables.join(", ")} while this operation was built, by another Aviary node or a client of ClickHouse: swapping it in would lose them, so nothing was changed. Send it again, with the other nodes' ingest paused for a large one`,
    ),
  otherNodeHolds: (node: string) =>
    new ApiError("HELD_BY_ANOTHER_NODE", 409, `Aviary node ${node} is running a data operation or a backup, with every other node's writes paused: send this one again once it has finished`),
  nodesDidNotPause: (nodes: readonly string[], seconds: number) =>
    new ApiError(
      "NODES_DID_NOT_PAUSE",
      409,
      `Aviary node${nodes.length > 1 ? "s" : ""} ${nodes.join(", ")} did not pause ${nodes.length > 1 ? "their" : "its"} writes within ${seconds} s, so nothing was changed: a node busy with a long insert, or one stopped less than 20 s ago. Send it again`,
    ),
  dataOpsInCluster: () =>
    new ApiError(
      "NOT_IN_CLUSTER",
      501,
      "Deleting and truncating rows is not available in cluster mode yet (the views' partitions would have to be recomputed on every shard); run ALTER TABLE … ON CLUSTER on the shard-local tables instead",
    ),
  adminOnlyMetrics: () =>
    new ApiError("ADMIN_ONLY", 403, "GET /metrics needs the admin token (Prometheus: authorization: { credentials: <admin token> }): its totals span every tenant"),
  notLocal: (reason: string) =>
    new ApiError("LOCAL_ONLY", 403, `GET /tokens answers only clients on the server's own machine: ${reason}. There, \`npx aviary token admin\` prints the admin token`),
  localTokensOff: () =>
    new ApiError(
      "LOCAL_TOKENS_OFF",
      403,
      "GET /tokens is turned off on this server (--no-local-tokens or AVIARY_LOCAL_TOKENS=false), so the SDK CLI's local mode cannot get the admin token here. " +
        "`npx aviary token admin` on the server prints it; build with it directly: the SDK's runBuild({ tokenOverride: token, devModeOverride: \"branch\" }) with baseUrl set to this server, or POST /v1/build with Authorization: Bearer <token>",
    ),
  rateLimited: (a: { limit: number; remaining: number; resetSeconds: number; retryAfterSeconds: number }) =>
    new ApiError("RATE_LIMITED", 429, `Too many requests: this token may make ${a.limit} per second; retry in ${a.retryAfterSeconds} s`, {
      headers: {
        "Retry-After": String(a.retryAfterSeconds),
        "X-RateLimit-Limit": String(a.limit),
        "X-RateLimit-Remaining": String(a.remaining),
        "X-RateLimit-Reset": String(a.resetSeconds),
      },
    }),
  noAppend: (ds: string) => new ApiError("NO_APPEND", 403, `Token does not have DATASOURCES:APPEND scope for Data Source "${ds}"`),
  originRequired: (domains: readonly string[]) =>
    new ApiError("ORIGIN_REQUIRED", 403, `This token appends only from web pages on ${domains.join(", ")}: the request has neither an Origin nor a Referer header naming its page`),
  originRefused: (host: string, domains: readonly string[]) =>
    new ApiError("ORIGIN_REFUSED", 403, `This token may not append from a page on ${host}: its domains are ${domains.join(", ")}`),
  eventsApiOnly: (ds: string) =>
    new ApiError("EVENTS_API_ONLY", 403, `This token fixes columns of the rows it appends to Data Source "${ds}", which only the Events API does: POST /v0/events?name=${ds}`),
  eventsApiCompletes: (ds: string) =>
    new ApiError(
      "EVENTS_API_ONLY",
      403,
      `The Events API completes the rows of Data Source "${ds}" (the sender's place from its address, or the time each row was written), so only the admin appends to it another way: POST /v0/events?name=${ds}`,
    ),
  unboundTenantAppend: (ds: string, tenant: string) =>
    new ApiError("TENANT_UNBOUND_APPEND", 403, `This token is tenant ${tenant}'s, but its DATASOURCES:APPEND scope on Data Source "${ds}" does not fix tenant_id: the rows could be another tenant's (mint it with fixed_params {"tenant_id": ${tenant}}, e.g. aviary token jwt --write)`),
  undecidableColumns: (ds: string, problems: readonly string[]) =>
    new ApiError("FIXED_COLUMNS", 403, `This token fixes columns Data Source '${ds}' cannot take: ${problems.join("; ")}`),
  pipeNotFound: (name: string) => new ApiError("PIPE_NOT_FOUND", 404, `The pipe '${name}' does not exist`),
  notAnEndpoint: (name: string) => new ApiError("NOT_AN_ENDPOINT", 404, `The pipe '${name}' does not have an endpoint yet`),
  badFormat: (format: string, allowed: readonly string[]) =>
    new ApiError("BAD_FORMAT", 400, `Format '${format}' not supported, it must be one of ${allowed.join(", ")}`),
  qTemplate: () => new ApiError("Q_TEMPLATE", 400, "'q' parameter doesn't support templates"),
  missingQuery: () => new ApiError("MISSING_QUERY", 400, "The 'q' parameter with a SQL query is required"),
  onlySelect: (got: string) => new ApiError("ONLY_SELECT", 400, `Only SELECT or DESCRIBE queries are supported. Got: ${got}`),
  describePipe: (pipe: string) => new ApiError("DESCRIBE_PIPE", 400, `DESCRIBE takes a datasource; for the columns of the pipe ${pipe}, run SELECT * FROM ${pipe} LIMIT 0 FORMAT JSON`),
  formatNotAllowed: (format: string, allowed: readonly string[]) =>
    new ApiError("FORMAT_NOT_ALLOWED", 400, `FORMAT ${format} is not available with this token; use one of ${allowed.join(", ")}`),
  forbiddenSql: (what: string) => new ApiError("FORBIDDEN_SQL", 400, `${what} is not allowed in queries with this token`),
  query: (message: string) => new ApiError("QUERY_FAILED", 400, `[Error] ${message}`),
  timeout: (message: string) => new ApiError("TIMEOUT", 408, `[Error] ${message}`),
  overloaded: (message: string) => new ApiError("OVERLOADED", 500, `[Error] ${message}`),
  // The address stays out: it names the installation's internal hosts.
  engineUnavailable: () => new ApiError("ENGINE_UNAVAILABLE", 503, "[Error] The analytics engine cannot be reached right now; try again shortly"),
  memoryLimit: (maximum: string) =>
    new ApiError("MEMORY_LIMIT", 400, `[Error] Memory limit exceeded: the query needs more than ${maximum}, the most one query may use here; read less (a shorter period, more filters) or aggregate more`),
  resultTooLarge: (detail: string) => new ApiError("RESULT_TOO_LARGE", 400, `[Error] The result is too large (${detail}): add a LIMIT or aggregate the rows`),
  tooManyQueries: (limit: number) =>
    new ApiError("TOO_MANY_QUERIES", 429, `Too many queries at once: this token already has ${limit} requests queued or running; retry when one has answered`, { headers: { "Retry-After": "1" } }),
  queueTimeout: (seconds: number) =>
    new ApiError("QUEUE_TIMEOUT", 503, `The server is busy with other queries: this one waited ${seconds} s for its turn; retry shortly`, { headers: { "Retry-After": "1" } }),
  template: (err: TemplateError) => new ApiError("TEMPLATE", err.status, err.message, { documentation: err.documentation }),
  customTemplate: (err: CustomError) => new ApiError("TEMPLATE_CUSTOM", err.status, err.message, { rawBody: err.body }),
  notACopyPipe: (name: string) => new ApiError("NOT_A_COPY_PIPE", 403, `The pipe '${name}' should be a copy pipe`),
  invalidCopyMode: (mode: string) => new ApiError("INVALID_COPY_MODE", 400, `Invalid mode "${mode}", valid modes are append, replace`),
  tooManyCopyJobs: (max: number) =>
    new ApiError("TOO_MANY_COPY_JOBS", 403, `You have reached the maximum number of copy jobs (${max}): wait for some of the waiting or working ones to finish (GET /v0/jobs?kind=copy)`),
  jobNotFound: (id: string) => new ApiError("JOB_NOT_FOUND", 404, `Job with id "${id}" not found`),
  jobNotCancellable: () => new ApiError("JOB_NOT_CANCELLABLE", 400, "Job is not in cancellable status"),
  badJobFilter: (name: string, value: string) =>
    new ApiError("BAD_JOB_FILTER", 400, `Invalid ${name} "${value}": use a date in ISO 8601 format, e.g. ${name}=2024-06-15T18:13:25.855Z`),
  notFound: (what: string) => new ApiError("NOT_FOUND", 404, `${what} not found`),
  badRequest: (message: string) => new ApiError("BAD_REQUEST", 400, message),
  tooLarge: (limitBytes: number) => new ApiError("TOO_LARGE", 413, `Request body is larger than the ${limitBytes / 1024 / 1024} MB limit`),
  missingDatasourceName: () => new ApiError("MISSING_NAME", 400, "The 'name' parameter is required: POST /v0/events?name=<datasource>"),
  unknownDatasource: (name: string) => new ApiError("UNKNOWN_DATASOURCE", 400, `Data Source '${name}' does not exist`),
  noSchema: (name: string) =>
    new ApiError("NO_SCHEMA", 400, `Data Source '${name}' takes its columns from a materialized view; send events to the datasource that view reads`),
  emptyBody: () => new ApiError("EMPTY_BODY", 400, "The request body is empty: send NDJSON (one JSON object per line), a JSON object or a JSON array of objects"),
  badEncoding: (encoding: string) => new ApiError("BAD_ENCODING", 400, `Content-Encoding '${encoding}' is not supported: send the body as is or gzip-compressed`),
  badGzip: (reason: string) => new ApiError("BAD_GZIP", 400, `The body says it is gzip-compressed but cannot be decompressed: ${reason}`),
  backlogFull: (backlogRows: number, limitRows: number, retryAfterSeconds: number) =>
    new ApiError("BACKLOG_FULL", 429, `Too many events are waiting to be written (${backlogRows} rows, limit ${limitRows}); retry in ${retryAfterSeconds} s`, { headers: backlogHeaders(limitRows, retryAfterSeconds) }),
  backlogWouldOverflow: (requestRows: number, backlogRows: number, limitRows: number, retryAfterSeconds: number) =>
    new ApiError(
      "BACKLOG_FULL",
      429,
      `This request's ${requestRows} rows (quarantined ones included) would take the events waiting to be written past the limit (${backlogRows} waiting, limit ${limitRows}); nothing of it was written: retry in ${retryAfterSeconds} s`,
      { headers: backlogHeaders(limitRows, retryAfterSeconds) },
    ),
  requestOverBacklog: (limitRows: number) =>
    new ApiError(
      "BACKLOG_FULL",
      429,
      `This request has more than ${limitRows} rows (quarantined ones included), more than may wait to be written at once (limit ${limitRows}); it was not read further and nothing of it was written: send it in smaller requests`,
      { headers: backlogHeaders(limitRows) },
    ),
  walWrite: (reason: string) =>
    new ApiError("WAL_WRITE", 500, `The events could not be written to the write-ahead log (${reason}); retry the request`, { headers: { "Retry-After": "1" } }),
  shuttingDown: () => new ApiError("SHUTTING_DOWN", 503, "The server is shutting down; retry shortly", { headers: { "Retry-After": "1" } }),
  internal: () => new ApiError("INTERNAL", 500, "Internal server error; the server log has the details"),
} as const;

export { DOCS };

/** ClickHouse error codes that mean the query took too long or the server is overloaded. */
const TIMEOUT_CODES = new Set([159, 160]);
const OVERLOAD_CODES = new Set([202, 241]);
const MEMORY_LIMIT = 241;
const RESULT_LIMIT = 396;

/**
 * ClickHouse's message without what speaks of our statement rather than the user's: the
 * `In scope …` and `In query …` texts quote the whole statement as run (pipes inlined, wrapper
 * CTEs, settings), and the server's version is nobody's business.
 */
function engineMessage(message: string): string {
  return message
    .replace(/^Code: \d+\. DB::Exception: /, "")
    .replace(/\s*\(version [^)]*\)\s*$/, "")
    .replace(/:? [Ii]n (?:scope|query) [\s\S]*?(\. \([A-Z_]+\))?$/, (_match, code: string | undefined) => code ?? "");
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof CustomError) return errors.customTemplate(err);
  if (err instanceof TemplateError) return errors.template(err);
  if (err instanceof EngineError) {
    if (err.type === ENGINE_UNREACHABLE) return errors.engineUnavailable();
    const message = engineMessage(err.message);
    if (err.code !== undefined && TIMEOUT_CODES.has(err.code)) return errors.timeout(message);
    // One query over its own cap is the query's doing; the server's total memory running out is overload.
    const maximum = /query memory limit exceeded|memory limit \(for query\) exceeded/i.test(message) ? /maximum: ([\d.]+ \w+)/.exec(message)?.[1] : undefined;
    if (err.code === MEMORY_LIMIT && maximum) return errors.memoryLimit(maximum);
    const result = /Limit for result exceeded, (.*?)\.(?: |$)/.exec(message)?.[1];
    if (err.code === RESULT_LIMIT && result) return errors.resultTooLarge(result);
    if (err.code !== undefined && OVERLOAD_CODES.has(err.code)) return errors.overloaded(message);
    return errors.query(`${message}`);
  }
  return errors.internal();
}
