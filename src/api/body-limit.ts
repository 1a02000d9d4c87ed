/** Largest body any route accepts (the Events API's limit); routes may check for less. */
export const BODY_LIMIT = 10 * 1024 * 1024;
