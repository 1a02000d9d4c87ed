/**
 * What generated visitors look like: user agents (browsers, operating systems, devices,
 * bots), where they come from (time zone, locale, country) and page names. Weights are
 * rough shares of real-world web traffic, good enough to make every report non-trivial.
 */

/** What a page's viewport can be on the device: screens.ts draws its width. */
export type FormFactor = "phone" | "tablet" | "computer";

export interface AgentProfile {
  readonly ua: string;
  readonly weight: number;
  readonly bot?: boolean;
  /** None: the agent runs no script, so no viewport width reaches us. */
  readonly form?: FormFactor;
}

const WIN_CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
const IPHONE = (os: string, safari: string) => `Mozilla/5.0 (iPhone; CPU iPhone OS ${os} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${safari} Mobile/15E148 Safari/604.1`;

export const USER_AGENTS: readonly AgentProfile[] = [
  { weight: 24, form: "computer", ua: WIN_CHROME },
  { weight: 9, form: "computer", ua: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36" },
  { weight: 7, form: "computer", ua: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15" },
  { weight: 9, form: "phone", ua: IPHONE("17_4", "17.4") },
  { weight: 3, form: "phone", ua: IPHONE("16_7", "16.6") },
  // Safari 26 keeps the system token at 18_6 and says its own version.
  { weight: 2, form: "phone", ua: IPHONE("18_6", "26.0") },
  { weight: 2, form: "tablet", ua: "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1" },
  { weight: 3, form: "phone", ua: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1" },
  { weight: 1, form: "phone", ua: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/125.0 Mobile/15E148 Safari/605.1.15" },
  { weight: 10, form: "phone", ua: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36" },
  { weight: 3, form: "phone", ua: "Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36" },
  { weight: 1, form: "tablet", ua: "Mozilla/5.0 (Linux; Android 12; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Safari/537.36" },
  { weight: 4, form: "phone", ua: "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36" },
  { weight: 5, form: "computer", ua: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0" },
  { weight: 1, form: "computer", ua: "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0" },
  { weight: 1, form: "computer", ua: "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36" },
  { weight: 1, form: "computer", ua: "Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36" },
  { weight: 1, form: "phone", ua: "Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0" },
  { weight: 5, form: "computer", ua: `${WIN_CHROME} Edg/124.0.2478.67` },
  { weight: 1, form: "phone", ua: "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36 EdgA/124.0.2478.64" },
  { weight: 2, form: "computer", ua: `${WIN_CHROME} OPR/110.0.0.0` },
  { weight: 0.3, form: "computer", ua: "Opera/9.80 (Windows NT 6.1; WOW64) Presto/2.12.388 Version/12.18" },
  { weight: 0.5, form: "computer", ua: "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko" },
  { weight: 0.3, form: "computer", ua: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19045" },
  { weight: 0.2, ua: "SomeUnknownDevice/1.0 (Embedded)" },
  // Bots: the upstream kit's patterns and ones only a maintained list (isbot) catches. Those that render pages run the tracker.
  { weight: 1.5, bot: true, ua: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" },
  { weight: 0.5, bot: true, form: "computer", ua: "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; +http://www.google.com/bot.html) Chrome/124.0.6367.155 Safari/537.36" },
  { weight: 0.8, bot: true, ua: "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)" },
  { weight: 0.6, bot: true, ua: "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)" },
  { weight: 0.3, bot: true, ua: "curl/8.5.0" },
  { weight: 0.3, bot: true, ua: "Wget/1.21.4" },
  { weight: 0.3, bot: true, ua: "python-requests/2.31.0" },
  { weight: 0.2, bot: true, ua: "Python-urllib/3.11" },
  { weight: 0.3, bot: true, form: "computer", ua: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36" },
  { weight: 0.2, bot: true, ua: "Mozilla/5.0 (compatible; SemrushBot/7~bl; +https://www.semrush.com/bot.html)" },
  { weight: 0.2, bot: true, ua: "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)" },
  { weight: 0.2, bot: true, ua: "Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)" },
];

export interface Place {
  readonly timeZone: string;
  /** The browser's usual locale there. */
  readonly locale: string;
  /** Other locales seen there and their shares (the rest of the world's browsers also say en-US now and then: visitor.ts). */
  readonly otherLocales?: readonly (readonly [locale: string, share: number])[];
  /** The country code the tracker derives from the time zone. */
  readonly country: string;
  readonly weight: number;
}

export const PLACES: readonly Place[] = [
  { weight: 30, timeZone: "America/New_York", locale: "en-US", otherLocales: [["es-US", 0.06]], country: "US" },
  { weight: 12, timeZone: "America/Los_Angeles", locale: "en-US", otherLocales: [["es-US", 0.08], ["zh-CN", 0.03]], country: "US" },
  { weight: 6, timeZone: "America/Chicago", locale: "en-US", otherLocales: [["es-US", 0.1]], country: "US" },
  { weight: 8, timeZone: "Europe/London", locale: "en-GB", otherLocales: [["pl-PL", 0.02]], country: "GB" },
  // Firefox and some Android builds send the bare language.
  { weight: 7, timeZone: "Europe/Berlin", locale: "de-DE", otherLocales: [["de", 0.1], ["tr-TR", 0.03]], country: "DE" },
  { weight: 6, timeZone: "Europe/Madrid", locale: "es-ES", otherLocales: [["ca-ES", 0.08]], country: "ES" },
  { weight: 5, timeZone: "Europe/Paris", locale: "fr-FR", otherLocales: [["fr", 0.1]], country: "FR" },
  { weight: 8, timeZone: "Asia/Kolkata", locale: "en-IN", otherLocales: [["hi-IN", 0.12]], country: "IN" },
  { weight: 4, timeZone: "America/Sao_Paulo", locale: "pt-BR", country: "BR" },
  { weight: 4, timeZone: "Asia/Tokyo", locale: "ja-JP", otherLocales: [["ja", 0.1]], country: "JP" },
  { weight: 3, timeZone: "Australia/Sydney", locale: "en-AU", country: "AU" },
  { weight: 2, timeZone: "America/Toronto", locale: "en-CA", otherLocales: [["fr-CA", 0.2]], country: "CA" },
  { weight: 2, timeZone: "America/Mexico_City", locale: "es-MX", otherLocales: [["es-419", 0.1]], country: "MX" },
  { weight: 1, timeZone: "Asia/Kathmandu", locale: "ne-NP", country: "NP" },
  { weight: 1, timeZone: "Africa/Lagos", locale: "en-NG", country: "NG" },
  { weight: 1, timeZone: "Asia/Singapore", locale: "en-SG", otherLocales: [["zh-SG", 0.2]], country: "SG" },
  { weight: 1, timeZone: "Europe/Amsterdam", locale: "nl-NL", country: "NL" },
  { weight: 0.5, timeZone: "Pacific/Auckland", locale: "en-NZ", country: "NZ" },
];

const SECTIONS = ["/", "/pricing", "/features", "/about", "/contact", "/signup", "/login", "/docs", "/blog", "/changelog", "/careers", "/security"];

/** The page at a popularity rank: a few landing pages, then docs and blog posts (the long tail). */
export function pageAt(rank: number): string {
  if (rank < SECTIONS.length) return SECTIONS[rank] as string;
  const n = rank - SECTIONS.length;
  if (n % 3 === 0) return `/docs/guide-${Math.floor(n / 3)}`;
  return `/blog/post-${n}`;
}

export const CUSTOM_EVENTS: readonly { action: string; weight: number; payload: (rng: { int(a: number, b: number): number }) => Record<string, unknown> }[] = [
  { action: "click", weight: 5, payload: (r) => ({ element: `button-${r.int(1, 12)}` }) },
  { action: "signup", weight: 1, payload: (r) => ({ plan: ["free", "pro", "team"][r.int(0, 2)] }) },
  { action: "add_to_cart", weight: 2, payload: (r) => ({ sku: `SKU-${r.int(100, 999)}`, quantity: r.int(1, 3) }) },
  { action: "download", weight: 1, payload: (r) => ({ file: `report-${r.int(1, 40)}.pdf` }) },
];
