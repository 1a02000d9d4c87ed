/**
 * `location` is whatever the page sent: the tracker derives a country code from the time
 * zone, but anyone can post events with the public tracker token. Reports (the
 * `top_locations` dimension and the `location` filter) keep only the shape of an ISO 3166
 * alpha-2 code, two ASCII upper-case letters, and read anything else as '' (the kit's
 * "unknown", as when the browser gives no time zone). Done at query time so the views
 * keep storing what arrived and need no migration; `analytics_hits` stays the raw parse.
 */
export function countrySql(column = "location"): string {
  // [A-Z][A-Z] rather than [A-Z]{2}: a brace in a node's SQL is the template's business.
  return `if(match(${column}, '^[A-Z][A-Z]$'), ${column}, '')`;
}
