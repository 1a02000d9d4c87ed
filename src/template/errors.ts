/**
 * The template error catalogue. Every message the template engine can produce is built
 * here, so the exact wording (which clients match on) lives in one place.
 */

/** Where Tinybird points users for template (SQLTemplateException) errors. */
export const DOCS_TEMPLATES = "https://docs.tinybird.co/cli/advanced-templates.html";
/** Where Tinybird points users for plain ValueErrors, including `error()`. */
export const DOCS_QUERY_PARAMETERS = "https://docs.tinybird.co/query/query-parameters.html";

export interface TemplateErrorOptions {
  status?: number;
  documentation?: string;
  line?: number;
}

/** A template could not be parsed or rendered for this request. 400 unless it is the template's own bug (500). */
export class TemplateError extends Error {
  override readonly name = "TemplateError";
  readonly status: number;
  readonly documentation: string;
  line?: number;

  constructor(message: string, options: TemplateErrorOptions = {}) {
    super(message);
    this.status = options.status ?? 400;
    this.documentation = options.documentation ?? DOCS_TEMPLATES;
    if (options.line !== undefined) this.line = options.line;
  }
}

/** `custom_error(body, code)`: the API answers with exactly this status and body. */
export class CustomError extends Error {
  override readonly name = "CustomError";
  readonly status: number;
  /** A plain JSON value (object or array) to send as JSON, or a string to send as-is. */
  readonly body: unknown;

  constructor(body: unknown, status: number) {
    super(typeof body === "string" ? body : JSON.stringify(body));
    this.status = status;
    this.body = body;
  }
}

/** "a", "a and b", "a, b and c": how Tinybird lists missing parameters. */
function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

export const errors = {
  requiredParameter: (names: readonly string[]) =>
    new TemplateError(
      `Template Syntax Error: Required parameter is not defined. Check the parameters ${joinNames(names)}. Please provide a value or set a default value in the pipe code.`,
    ),
  invalidValue: (value: string, type: string) =>
    new TemplateError(`Template Syntax Error: Error validating '${value}' to type ${type}`),
  invalidArrayElement: (raw: string, index: number, element: string, type: string) =>
    new TemplateError(`Template Syntax Error: Error validating [${raw}][${index}] (${element}) to type ${type}`),
  nullExpression: (source: string, line: number) =>
    new TemplateError(`expression "${source}" evaluated to null`, { line }),
  forbiddenName: (name: string, line: number) =>
    new TemplateError(`"${name}" can not be used as a variable name, line ${line}`, { line }),
  missingEnd: (block: string, line: number) =>
    new TemplateError(`Missing {% end %} block for ${block} at line ${line}`, { line }),
  importForbidden: (line: number) => new TemplateError("import is forbidden", { line }),
  invalidBinOp: (op: string, line: number) => new TemplateError(`Invalid BinOp: ${op}()`, { line }),
  syntax: (message: string, line: number) => new TemplateError(`Template Syntax Error: ${message} at line ${line}`, { line }),
  /** A ValueError raised by template code (`int('x')`, a bad date): the request's values are wrong. */
  value: (message: string) => new TemplateError(message, { documentation: DOCS_QUERY_PARAMETERS }),
  /** `error(msg)` in a template. */
  user: (message: string) => new TemplateError(message, { documentation: DOCS_QUERY_PARAMETERS }),
  /** A Python TypeError and the like: the template itself is wrong, so it is a server error. */
  type: (message: string) => new TemplateError(message, { status: 500 }),
};
