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

/** Operating system from the lower-cased user agent; '' unknown (placeholder; issue 14). */
export function osSql(ua: string): string {
  return `multiIf(match(${ua}, 'android'), 'Android', match(${ua}, 'iphone|ipad|ipod'), 'iOS', match(${ua}, 'windows'), 'Windows', match(${ua}, 'mac os x'), 'macOS', match(${ua}, 'linux'), 'Linux', '')`;
}

/** Operating system version ("10", "17.4"); '' unknown (placeholder; issue 14). */
export function osVersionSql(ua: string): string {
  return `extract(${ua}, 'windows nt ([0-9.]+)')`;
}
