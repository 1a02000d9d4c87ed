/** Largest body any route accepts (the Events API's limit); routes may check for less. */
export const BODY_LIMIT = 10 * 1024 * 1024;

/**
 * Largest JSON or form body: the server parses those itself, before a route runs, at a cost to
 * the thread every request shares that grows with what is sent (10 MB of `[{},{},…]` took 1.6 to
 * 3 s). An API call's parameters, SQL or token request fit many times over.
 */
export const PARSED_BODY_LIMIT = 1024 * 1024;

/** The limit a request's body was held to: its parsed kinds have the smaller one. */
export const bodyLimitFor = (contentType: string | undefined): number =>
  /^\s*application\/(json|x-www-form-urlencoded)\b/i.test(contentType ?? "") ? PARSED_BODY_LIMIT : BODY_LIMIT;
