/**
 * Country names and flags from ISO 3166 alpha-2 codes, with no lookup table: names from
 * Intl.DisplayNames in the viewer's language, flags from Unicode regional indicators.
 * `location` is whatever a page sent, so anything that is not a two-letter code shows as
 * unknown, never as the text itself (the kit's endpoints already report it as '').
 */
let names: Intl.DisplayNames | undefined;

const CODE = /^[A-Za-z]{2}$/;

export function countryName(code: string): string {
  if (!CODE.test(code)) return "Unknown";
  try {
    names ??= new Intl.DisplayNames(undefined, { type: "region" });
    return names.of(code.toUpperCase()) ?? code;
  } catch {
    return code.toUpperCase();
  }
}

export function countryFlag(code: string): string {
  if (!CODE.test(code)) return "🌐";
  const base = 0x1f1e6 - "A".charCodeAt(0);
  return String.fromCodePoint(...[...code.toUpperCase()].map((c) => base + c.charCodeAt(0)));
}
