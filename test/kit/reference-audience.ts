/**
 * Reference values for the audience dimensions (os, os_version, screen, language), in
 * plain TypeScript. The OS rules are the kit's own data (OS_RULES and friends, patterns
 * RE2 and JavaScript read alike) run by JavaScript's RegExp; screens and languages are
 * written out again from kit/README.md.
 */
import { OS_RULES, OS_VERSION_RULES, WINDOWS_NT_VERSIONS } from "../../kit/sql/user-agent.ts";

export function osOf(uaRaw: string): string {
  const ua = uaRaw.toLowerCase();
  return OS_RULES.find(([pattern]) => new RegExp(pattern).test(ua))?.[1] ?? "";
}

export function osVersionOf(uaRaw: string): string {
  const ua = uaRaw.toLowerCase();
  const os = osOf(uaRaw);
  for (const pattern of OS_VERSION_RULES.find(([name]) => name === os)?.[1] ?? []) {
    const found = new RegExp(pattern).exec(ua)?.[1];
    if (found === undefined) continue;
    const version = found.replace(/_/g, ".");
    return os === "Windows" ? (WINDOWS_NT_VERSIONS.find(([nt]) => nt === version)?.[1] ?? "") : version;
  }
  return "";
}

/** mobile below 576 CSS px, tablet below 992, laptop below 1440, desktop up to 16384; else ''. */
export function screenOf(width: number): string {
  if (!(width >= 1 && width <= 16384)) return "";
  if (width < 576) return "mobile";
  if (width < 992) return "tablet";
  return width < 1440 ? "laptop" : "desktop";
}

/** Lower-case primary subtag of 2–3 ASCII letters; iw/in/ji read as he/id/yi; "und" unknown. */
export function languageOf(locale: string): string {
  const primary = /^([a-z]{2,3})(?:[-_]|$)/i.exec(locale)?.[1]?.toLowerCase() ?? "";
  const renamed: Record<string, string> = { iw: "he", in: "id", ji: "yi", und: "" };
  return renamed[primary] ?? primary;
}
