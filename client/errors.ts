/** The one error the client throws: the HTTP status and the server's own message. */
export class AviaryError extends Error {
  /** HTTP status; 0 when the server could not be reached at all. */
  readonly status: number;
  /** The response body: `{"error": …}` for every Aviary error, kept whole for custom ones. */
  readonly body: unknown;
  /** Tinybird-style link to the docs that explain the error, when the server sends one. */
  readonly documentation?: string;

  constructor(status: number, message: string, extra: { body?: unknown; documentation?: string; cause?: unknown } = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = "AviaryError";
    this.status = status;
    this.body = extra.body;
    this.documentation = extra.documentation;
  }
}

/** Builds the error for a non-2xx response: `{"error": "…"}` when JSON, the text otherwise. */
export async function errorFromResponse(response: Response): Promise<AviaryError> {
  const text = await response.text().catch(() => "");
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (a proxy's error page, say): keep the text
  }
  const fields = typeof body === "object" && body !== null ? (body as { error?: unknown; documentation?: unknown }) : {};
  const message = typeof fields.error === "string" ? fields.error : text || `HTTP ${response.status} ${response.statusText}`;
  const documentation = typeof fields.documentation === "string" ? fields.documentation : undefined;
  return new AviaryError(response.status, message, { body, documentation });
}
