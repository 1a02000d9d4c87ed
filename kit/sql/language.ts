/**
 * Language from the browser locale (`navigator.language`: "en-US", "pt_BR", "zh-Hant-TW"):
 * the primary subtag, lower case. The locale is whatever a page posted, so anything that
 * does not start with 2 or 3 ASCII letters followed by "-", "_" or the end is '' (unknown).
 */
import { assertTemplateSafe, sqlString } from "./literal.ts";

/** The primary subtag (one capture group); RE2 and JavaScript read it alike. */
export const LANGUAGE_PATTERN = "^([A-Za-z][A-Za-z][A-Za-z]?)(?:[-_]|$)";

/**
 * Subtags read as another: the withdrawn ISO 639 codes old Java-based agents still send,
 * and BCP 47's "und" (undetermined), which is unknown.
 */
export const LANGUAGE_REWRITES: readonly (readonly [subtag: string, language: string])[] = [
  ["iw", "he"],
  ["in", "id"],
  ["ji", "yi"],
  ["und", ""],
];

/** SQL: the language of a String locale expression; '' unknown. */
export function languageSql(locale: string): string {
  // [A-Za-z][A-Za-z][A-Za-z]? rather than a {2,3} quantifier: a brace in a node's SQL is the template's business.
  const primary = `lower(extract(${locale}, ${sqlString(LANGUAGE_PATTERN)}))`;
  const from = LANGUAGE_REWRITES.map(([subtag]) => sqlString(subtag)).join(", ");
  const to = LANGUAGE_REWRITES.map(([, language]) => sqlString(language)).join(", ");
  return assertTemplateSafe(`transform(${primary}, [${from}], [${to}], ${primary})`, "the language rules");
}
