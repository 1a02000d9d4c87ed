/**
 * How a breakdown names a value for people. Every value came from a stranger's page or
 * user agent, so anything outside a dimension's known domain shows as "Unknown", never
 * as whatever text it holds; Maps, so a value such as "constructor" finds nothing
 * inherited. '' is the kit's "not known" in every dimension (Direct for sources).
 */
export const UNKNOWN = "Unknown";

// The kit's whole domain of each (kit/sql/user-agent.ts, kit/sql/screen.ts).
const DEVICES = new Map([
  ["desktop", "Desktop"],
  ["mobile-android", "Android"],
  ["mobile-ios", "iOS"],
  ["bot", "Bot"],
]);
const BROWSERS = new Map([
  ["chrome", "Chrome"],
  ["firefox", "Firefox"],
  ["safari", "Safari"],
  ["opera", "Opera"],
  ["ie", "Internet Explorer"],
  ["edge", "Edge"],
  ["samsung", "Samsung Internet"],
]);
const SCREENS = new Map([
  ["mobile", "Mobile"],
  ["tablet", "Tablet"],
  ["laptop", "Laptop"],
  ["desktop", "Desktop"],
]);

export const deviceLabel = (value: string): string => DEVICES.get(value) ?? UNKNOWN;
export const browserLabel = (value: string): string => BROWSERS.get(value.toLowerCase()) ?? UNKNOWN;
export const screenLabel = (value: string): string => SCREENS.get(value) ?? UNKNOWN;

/** Free text (pages, sources, campaigns, systems, places): shown as it is, '' as `empty`. */
export const textLabel =
  (empty: string) =>
  (value: string): string =>
    value || empty;

/** The label of a visit's source: '' is a visit without a referrer or campaign source. */
export const sourceLabel = textLabel("Direct / None");

let languages: Intl.DisplayNames | undefined;
// A primary language subtag as the kit reduces locales to ('en' from 'en-US').
const LANGUAGE = /^[a-z]{2,3}$/;

/** "English" for `en`, in the viewer's language; the code itself when the browser has no name for it. */
export function languageLabel(code: string): string {
  if (!LANGUAGE.test(code)) return UNKNOWN;
  try {
    languages ??= new Intl.DisplayNames(undefined, { type: "language", fallback: "code" });
    return languages.of(code) ?? code;
  } catch {
    return code;
  }
}
