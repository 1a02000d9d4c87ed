/** SQL: the browser locale's language, lower-case primary subtag (placeholder; issue 14). */
export function languageSql(locale: string): string {
  return `lower(splitByRegexp('[-_]', ${locale})[1])`;
}
