/**
 * Country names and flags from ISO 3166 alpha-2 codes, with no lookup table: names from
 * Intl.DisplayNames in the viewer's language, flags from Unicode regional indicators.
 */
let names: Intl.DisplayNames | undefined;

export function countryName(code: string): string {
  if (!/^[A-Za-z]{2}$/.test(code)) return code || "Unknown";
  try {
    names ??= new Intl.DisplayNames(undefined, { type: "region" });
    return names.of(code.toUpperCase()) ?? code;
  } catch {
    return code.toUpperCase();
  }
}

export function countryFlag(code: string): string {
  if (!/^[A-Za-z]{2}$/.test(code)) return "🌐";
  const base = 0x1f1e6 - "A".charCodeAt(0);
  return String.fromCodePoint(...[...code.toUpperCase()].map((c) => base + c.charCodeAt(0)));
}
