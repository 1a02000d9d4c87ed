/**
 * The places a visit's landing page view says it came from, as browsers send them:
 * origin-only referrers (`https://www.google.de/`), several hosts of one brand
 * (`t.co`, `x.com`; `l.facebook.com`, `m.facebook.com`), Android apps
 * (`android-app://<package>/`), and a long tail of small sites. Each entry is
 * `[referrer, weight, utm_source]`: what a campaign link from there would say.
 */
export type Entry = readonly [referrer: string, weight: number, utmSource: string];

/** Google's host for a visitor's country (the tracker's country); google.com elsewhere. */
export const GOOGLE_BY_COUNTRY: Readonly<Record<string, string>> = {
  GB: "google.co.uk", DE: "google.de", ES: "google.es", FR: "google.fr", IN: "google.co.in", BR: "google.com.br", JP: "google.co.jp",
  AU: "google.com.au", CA: "google.ca", MX: "google.com.mx", NP: "google.com.np", NG: "google.com.ng", SG: "google.com.sg", NL: "google.nl", NZ: "google.co.nz",
};

export const OTHER_SEARCH: readonly Entry[] = [
  ["https://www.bing.com/", 7, "bing"],
  ["https://duckduckgo.com/", 3, "duckduckgo"],
  ["https://search.yahoo.com/", 2, "yahoo"],
  ["https://www.ecosia.org/", 1, "ecosia"],
  ["https://search.brave.com/", 1, "brave"],
  ["https://yandex.ru/", 0.5, "yandex"],
  ["https://www.startpage.com/", 0.3, "startpage"],
  ["https://kagi.com/", 0.2, "kagi"],
];

export const SOCIAL: readonly Entry[] = [
  ["https://t.co/", 3, "twitter"],
  ["https://x.com/", 0.5, "x"],
  ["https://l.facebook.com/", 2, "facebook"],
  ["https://m.facebook.com/", 1, "facebook"],
  ["https://lm.facebook.com/", 1, "facebook"],
  ["https://www.facebook.com/", 1, "facebook"],
  ["https://www.linkedin.com/", 2, "linkedin"],
  ["https://lnkd.in/", 0.5, "linkedin"],
  ["https://www.reddit.com/r/webdev/", 1.5, "reddit"],
  ["https://out.reddit.com/", 0.5, "reddit"],
  ["https://old.reddit.com/", 0.3, "reddit"],
  ["https://news.ycombinator.com/", 1.5, "hackernews"],
  ["https://l.instagram.com/", 1, "instagram"],
  ["https://www.threads.net/", 0.3, "threads"],
  ["https://bsky.app/", 0.5, "bluesky"],
  ["https://mastodon.social/", 0.5, "mastodon"],
  ["android-app://com.slack/", 0.3, "slack"],
];

/** Ad networks' click-through pages, campaign named after the network. */
export const PAID_SOCIAL: readonly Entry[] = [
  ["https://l.facebook.com/", 5, "facebook"],
  ["https://l.instagram.com/", 3, "instagram"],
  ["https://www.linkedin.com/", 2, "linkedin"],
  ["https://www.reddit.com/", 1, "reddit"],
  ["https://t.co/", 1, "twitter"],
];

export const VIDEO: readonly Entry[] = [
  ["https://www.youtube.com/", 4, "youtube"],
  ["https://m.youtube.com/", 2, "youtube"],
  ["android-app://com.google.android.youtube/", 1, "youtube"],
  ["https://vimeo.com/", 0.5, "vimeo"],
];

/** AI assistants; ChatGPT tags its links `utm_source=chatgpt.com` itself. */
export const AI: readonly Entry[] = [
  ["https://chatgpt.com/", 6, "chatgpt.com"],
  ["https://www.perplexity.ai/", 2, "perplexity"],
  ["https://claude.ai/", 1, "claude.ai"],
  ["https://gemini.google.com/", 1, "gemini"],
  ["https://copilot.microsoft.com/", 0.7, "copilot"],
  ["https://chat.deepseek.com/", 0.3, "deepseek"],
];

/** Webmail a newsletter link is opened from; most mail apps send no referrer at all. */
export const WEBMAIL: readonly Entry[] = [
  ["https://mail.google.com/", 5, "gmail"],
  ["https://outlook.live.com/", 2, "outlook"],
  ["https://mail.yahoo.com/", 1, "yahoo"],
  ["android-app://com.google.android.gm/", 1, "gmail"],
];

const OTHER_SITES = ["dev.to", "medium.com", "github.com", "stackoverflow.com", "www.producthunt.com", "www.smashingmagazine.com", "css-tricks.com", "en.wikipedia.org", "www.g2.com", "alternativeto.net"];

/** A long tail of referring sites: a few known ones, then many small blogs. */
export function otherReferrer(rank: number): string {
  if (rank < OTHER_SITES.length) return `https://${OTHER_SITES[rank]}/`;
  return `https://blog-${rank}.example.net/posts/${rank % 17}`;
}
