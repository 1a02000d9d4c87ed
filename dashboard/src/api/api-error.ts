/** An error answer of the Aviary API (or a network failure, status 0), with the server's message. */
export class ApiError extends Error {
  override readonly name = "ApiError";

  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }

  /**
   * The token itself is wrong, expired or revoked: the only cure is signing in again. A 403
   * "doesn't have access to this resource" is not this: the token is fine, one endpoint is
   * outside its scopes, and only that widget should say so.
   */
  get isAuth(): boolean {
    return this.status === 401 || (this.status === 403 && /^invalid authentication token/i.test(this.message));
  }

  /** The token is fine but this endpoint is outside its scopes: the widget names what is missing. */
  get isNoAccess(): boolean {
    return this.status === 403 && !this.isAuth;
  }

  /** The server's reason without the echoed token (`Invalid token b'…': reason`). */
  get reason(): string {
    const echoed = /^invalid authentication token\. Invalid token b'.*': ?(.*)$/is.exec(this.message);
    if (!echoed) return this.message;
    return echoed[1] ? `invalid authentication token: ${echoed[1]}` : "invalid authentication token";
  }
}

/** Reads `{"error": "…"}` from a failed response; falls back to the status text. */
export async function apiErrorFrom(response: Response): Promise<ApiError> {
  let message = `${response.status} ${response.statusText}`.trim();
  try {
    const body = (await response.json()) as { error?: unknown };
    if (typeof body.error === "string" && body.error !== "") message = body.error;
  } catch {
    // not JSON: keep the status line
  }
  return new ApiError(response.status, message);
}
