/**
 * What generated visitors look like: user agents (browsers, devices, bots), where they
 * come from (time zone, locale, country), referrers and page names. Weights are rough
 * shares of real-world web traffic, good enough to make every report non-trivial.
 */

export interface AgentProfile {
  readonly ua: string;
  readonly weight: number;
  readonly bot?: boolean;
}

export const USER_AGENTS: readonly AgentProfile[] = [
  { weight: 24, ua: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36" },
  { weight: 9, ua: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36" },
  { weight: 7, ua: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15" },
  { weight: 14, ua: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1" },
  { weight: 2, ua: "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1" },
  { weight: 3, ua: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1" },
  { weight: 1, ua: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/125.0 Mobile/15E148 Safari/605.1.15" },
  { weight: 13, ua: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36" },
  { weight: 4, ua: "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36" },
  { weight: 5, ua: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0" },
  { weight: 1, ua: "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0" },
  { weight: 1, ua: "Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0" },
  { weight: 5, ua: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.67" },
  { weight: 1, ua: "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36 EdgA/124.0.2478.64" },
  { weight: 2, ua: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 OPR/110.0.0.0" },
  { weight: 0.3, ua: "Opera/9.80 (Windows NT 6.1; WOW64) Presto/2.12.388 Version/12.18" },
  { weight: 0.5, ua: "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko" },
  { weight: 0.3, ua: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19045" },
  { weight: 0.2, ua: "SomeUnknownDevice/1.0 (Embedded)" },
  // Bots: the upstream kit's patterns and ones only a maintained list (isbot) catches.
  { weight: 1.5, bot: true, ua: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" },
  { weight: 0.5, bot: true, ua: "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; +http://www.google.com/bot.html) Chrome/124.0.6367.155 Safari/537.36" },
  { weight: 0.8, bot: true, ua: "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)" },
  { weight: 0.6, bot: true, ua: "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)" },
  { weight: 0.3, bot: true, ua: "curl/8.5.0" },
  { weight: 0.3, bot: true, ua: "Wget/1.21.4" },
  { weight: 0.3, bot: true, ua: "python-requests/2.31.0" },
  { weight: 0.2, bot: true, ua: "Python-urllib/3.11" },
  { weight: 0.3, bot: true, ua: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36" },
  { weight: 0.2, bot: true, ua: "Mozilla/5.0 (compatible; SemrushBot/7~bl; +https://www.semrush.com/bot.html)" },
  { weight: 0.2, bot: true, ua: "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)" },
  { weight: 0.2, bot: true, ua: "Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)" },
];

export interface Place {
  readonly timeZone: string;
  readonly locale: string;
  /** The country code the tracker derives from the time zone. */
  readonly country: string;
  readonly weight: number;
}

export const PLACES: readonly Place[] = [
  { weight: 30, timeZone: "America/New_York", locale: "en-US", country: "US" },
  { weight: 12, timeZone: "America/Los_Angeles", locale: "en-US", country: "US" },
  { weight: 6, timeZone: "America/Chicago", locale: "en-US", country: "US" },
  { weight: 8, timeZone: "Europe/London", locale: "en-GB", country: "GB" },
  { weight: 7, timeZone: "Europe/Berlin", locale: "de-DE", country: "DE" },
  { weight: 6, timeZone: "Europe/Madrid", locale: "es-ES", country: "ES" },
  { weight: 5, timeZone: "Europe/Paris", locale: "fr-FR", country: "FR" },
  { weight: 8, timeZone: "Asia/Kolkata", locale: "en-IN", country: "IN" },
  { weight: 4, timeZone: "America/Sao_Paulo", locale: "pt-BR", country: "BR" },
  { weight: 4, timeZone: "Asia/Tokyo", locale: "ja-JP", country: "JP" },
  { weight: 3, timeZone: "Australia/Sydney", locale: "en-AU", country: "AU" },
  { weight: 2, timeZone: "America/Toronto", locale: "en-CA", country: "CA" },
  { weight: 2, timeZone: "America/Mexico_City", locale: "es-MX", country: "MX" },
  { weight: 1, timeZone: "Asia/Kathmandu", locale: "ne-NP", country: "NP" },
  { weight: 1, timeZone: "Africa/Lagos", locale: "en-NG", country: "NG" },
  { weight: 1, timeZone: "Asia/Singapore", locale: "en-SG", country: "SG" },
  { weight: 1, timeZone: "Europe/Amsterdam", locale: "nl-NL", country: "NL" },
  { weight: 0.5, timeZone: "Pacific/Auckland", locale: "en-NZ", country: "NZ" },
];

export type ReferrerKind = "direct" | "search" | "social" | "self" | "other";

export const REFERRER_KINDS: readonly ReferrerKind[] = ["direct", "search", "social", "self", "other"];
export const REFERRER_WEIGHTS: readonly number[] = [38, 30, 12, 8, 12];

export const SEARCH_REFERRERS: readonly string[] = [
  "https://www.google.com/",
  "https://www.google.co.uk/",
  "https://www.bing.com/",
  "https://duckduckgo.com/",
  "https://search.yahoo.com/",
  "https://yandex.ru/",
];

export const SOCIAL_REFERRERS: readonly string[] = [
  "https://t.co/",
  "https://www.facebook.com/",
  "https://l.facebook.com/",
  "https://www.linkedin.com/",
  "https://www.reddit.com/r/webdev/",
  "https://news.ycombinator.com/",
  "https://www.instagram.com/",
];

const OTHER_SITES = ["dev.to", "medium.com", "github.com", "stackoverflow.com", "producthunt.com", "www.smashingmagazine.com", "css-tricks.com"];

/** A long tail of referring sites: a few known ones, then many small blogs. */
export function otherReferrer(rank: number): string {
  if (rank < OTHER_SITES.length) return `https://${OTHER_SITES[rank]}/`;
  return `https://blog-${rank}.example.net/posts/${rank % 17}`;
}

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
