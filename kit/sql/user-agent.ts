/**
 * Device and browser from the lower-cased user agent. Upstream's values are kept for
 * every case upstream covers; the additions are Edge, Opera (Chromium) and Samsung
 * Internet, which upstream reports as Chrome, Firefox on iOS (upstream: Safari), and
 * bots per isbot's maintained list on top of upstream's seven patterns.
 */
import { botPattern } from "./bot-pattern.ts";
import { assertTemplateSafe, sqlString } from "./literal.ts";

export const BOT_PATTERN = assertTemplateSafe(botPattern(), "the bot pattern");

/** Ordered rules: the first that matches wins. Also used by the reference in the tests. */
export const DEVICE_RULES: readonly (readonly [pattern: string, value: string])[] = [
  ["android", "mobile-android"],
  ["ipad|iphone|ipod", "mobile-ios"],
];

export const BROWSER_RULES: readonly (readonly [pattern: string, value: string])[] = [
  ["edg(?:e|a|ios)?/", "edge"],
  ["opr/|opera|opios/", "opera"],
  ["samsungbrowser/", "samsung"],
  ["firefox|fxios/", "firefox"],
  ["chrome|crios", "chrome"],
  ["msie|trident", "ie"],
  ["iphone|ipad|safari", "safari"],
];

function multiIf(ua: string, rules: readonly (readonly [string, string])[], otherwise: string): string {
  const arms = rules.map(([pattern, value]) => `match(${ua}, ${sqlString(pattern)}), ${sqlString(value)}`);
  return `multiIf(${arms.join(", ")}, ${sqlString(otherwise)})`;
}

export function deviceSql(ua: string): string {
  return multiIf(ua, [[BOT_PATTERN, "bot"], ...DEVICE_RULES], "desktop");
}

export function browserSql(ua: string): string {
  return multiIf(ua, BROWSER_RULES, "Unknown");
}

/**
 * Operating systems, ordered: the first match wins. Windows Phone before Windows, it and
 * HarmonyOS before Android (their agents mention Android), Android, Chrome OS and TVs
 * before Linux, Apple's mobile systems before macOS ("like Mac OS X"). An iPad that
 * asks for desktop sites (Safari's default since iPadOS 13) sends a Mac's agent and is
 * counted as macOS: nothing in the agent tells them apart. Patterns suit RE2 and
 * JavaScript alike, so the test reference can run them as they are.
 */
export const OS_RULES: readonly (readonly [pattern: string, os: string])[] = [
  ["windows phone|windows mobile", "Windows Phone"],
  ["harmonyos|openharmony", "HarmonyOS"],
  ["kaios", "KaiOS"],
  ["android", "Android"],
  ["ipad", "iPadOS"],
  ["iphone|ipod", "iOS"],
  ["windows", "Windows"],
  ["macintosh|mac os x", "macOS"],
  ["\\bcros\\b", "Chrome OS"],
  ["tizen", "Tizen"],
  ["web0s|webos", "webOS"],
  ["linux", "Linux"],
  ["freebsd", "FreeBSD"],
  ["openbsd", "OpenBSD"],
];

/**
 * iOS and iPadOS: Safari 26 and later freeze the system's token at 18_6 or 18_7 but say
 * their own version, which is the system's (Safari ships with it); others the token.
 */
const APPLE_MOBILE_VERSION = ["version/((?:2[6-9]|[3-9][0-9])\\.[0-9]+)", "cpu (?:iphone )?os ([0-9]+(?:_[0-9]+)?)"];

/**
 * Version patterns per OS (one capture group each), tried in order; "_" is read as ".".
 * macOS: Safari, Chrome and Firefox freeze the token at 10_15_7/10.15, so every recent Mac
 * shows "10.15". Android: the major version; Chrome's reduced agent always says "Android 10".
 */
export const OS_VERSION_RULES: readonly (readonly [os: string, patterns: readonly string[]])[] = [
  ["Windows", ["windows nt ([0-9]+\\.[0-9]+)"]],
  ["macOS", ["mac os x ([0-9]+[._][0-9]+)"]],
  ["iOS", APPLE_MOBILE_VERSION],
  ["iPadOS", APPLE_MOBILE_VERSION],
  ["Android", ["android ([0-9]+)"]],
  ["Windows Phone", ["windows phone(?: os)? ([0-9]+\\.[0-9]+)"]],
];

/** Windows release names by NT version. Windows 11 still sends NT 10.0, so "10" means 10 or 11. */
export const WINDOWS_NT_VERSIONS: readonly (readonly [nt: string, release: string])[] = [
  ["10.0", "10"],
  ["6.3", "8.1"],
  ["6.2", "8"],
  ["6.1", "7"],
  ["6.0", "Vista"],
  ["5.2", "XP"],
  ["5.1", "XP"],
  ["5.0", "2000"],
];

/** Operating system from the lower-cased user agent; '' unknown. */
export function osSql(ua: string): string {
  return assertTemplateSafe(multiIf(ua, OS_RULES, ""), "the OS rules");
}

function firstCapture(ua: string, patterns: readonly string[]): string {
  const extract = (p: string) => `extract(${ua}, ${sqlString(p)})`;
  return patterns.slice(0, -1).reduceRight((rest, p) => `if(${extract(p)} != '', ${extract(p)}, ${rest})`, extract(patterns.at(-1)!));
}

function versionOf(ua: string, os: string, patterns: readonly string[]): string {
  if (os !== "Windows") return `replaceAll(${firstCapture(ua, patterns)}, '_', '.')`;
  const [nt, release] = [WINDOWS_NT_VERSIONS.map((v) => sqlString(v[0])), WINDOWS_NT_VERSIONS.map((v) => sqlString(v[1]))];
  return `transform(${firstCapture(ua, patterns)}, [${nt.join(", ")}], [${release.join(", ")}], '')`;
}

/**
 * Operating system version ("10", "10.15", "17.4", "14"); '' unknown or not tracked.
 * Decided on the OS name, so a version always belongs to the OS reported. `os` may be a
 * column holding osSql(ua); by default the rules are written again, which ClickHouse
 * computes once when the same SELECT also has osSql(ua) (measured: no extra cost).
 */
export function osVersionSql(ua: string, os: string = osSql(ua)): string {
  const arms = OS_VERSION_RULES.map(([name, patterns]) => `${os} = ${sqlString(name)}, ${versionOf(ua, name, patterns)}`);
  return assertTemplateSafe(`multiIf(${arms.join(", ")}, '')`, "the OS version rules");
}
