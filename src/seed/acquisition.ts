/**
 * How a generated visit arrives: its landing page view's referrer and the query string
 * of the landing URL. Most visits carry no campaign; a share carry `utm_*` parameters the
 * way marketers tag links (newsletters, paid search with the ad network's click id, paid
 * and organic social posts, display and affiliate links), a few only `ref=`, and ChatGPT
 * tags its own links. Later page views of the visit have no query string.
 */
import { pageAt } from "./catalog.ts";
import { AI, type Entry, GOOGLE_BY_COUNTRY, OTHER_SEARCH, otherReferrer, PAID_SOCIAL, SOCIAL, VIDEO, WEBMAIL } from "./referrers.ts";
import { type Rng, weightedPicker } from "./rng.ts";

export interface Landing {
  readonly referrer: string;
  /** `""` or `?key=value&…`, URL-encoded. */
  readonly query: string;
}

export interface ArrivalContext {
  /** The page's host (internal referrers point at it). */
  readonly host: string;
  /** The visitor's country (Google's country domain). */
  readonly country: string;
  /** Zipf draws shared by the generator: a page rank, another site's rank. */
  readonly page: (rng: Rng) => number;
  readonly other: (rng: Rng) => number;
}

const KINDS = {
  direct: 30, search: 27, paidSearch: 4, social: 9, paidSocial: 2, email: 4, video: 2, ai: 2, display: 1, affiliate: 1, self: 7, other: 11,
} as const;
type Kind = keyof typeof KINDS;

const TERMS = ["web analytics", "privacy friendly analytics", "google analytics alternative", "website visitor counter", "cookieless analytics", "aviary"];
const ADS_CAMPAIGNS = ["brand", "generic-analytics", "competitors", "retargeting"];
const NEWSLETTERS = ["weekly-digest", "product-update", "onboarding-day-3", "Spring Sale", "black-friday"];

const query = (pairs: readonly (readonly [string, string])[]) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&")}` : "");
const picker = (entries: readonly Entry[]) => weightedPicker(entries, entries.map(([, w]) => w));
const clickId = (rng: Rng) => rng.uuid().replace(/-/g, "").slice(0, 22);

export function arrivalPicker(): (rng: Rng, at: ArrivalContext) => Landing {
  const kinds = Object.keys(KINDS) as Kind[];
  const pickKind = weightedPicker(kinds, kinds.map((k) => KINDS[k]));
  const [search, social, paidSocial, video, ai, webmail] = [picker(OTHER_SEARCH), picker(SOCIAL), picker(PAID_SOCIAL), picker(VIDEO), picker(AI), picker(WEBMAIL)];
  const google = (rng: Rng, country: string): string => {
    if (rng.chance(0.02)) return "android-app://com.google.android.googlequicksearchbox/";
    const host = rng.chance(0.15) ? "google.com" : (GOOGLE_BY_COUNTRY[country] ?? "google.com");
    return `https://${rng.chance(0.95) ? "www." : ""}${host}/`;
  };

  return (rng, at) => {
    switch (pickKind(rng)) {
      case "direct":
        // Links in newsletters that tag with ref= only, opened in a mail app.
        return { referrer: "", query: rng.chance(0.03) ? query([["ref", rng.pick(["tldr", "console.dev", "hn-digest"])]]) : "" };
      case "search":
        return { referrer: rng.chance(0.85) ? google(rng, at.country) : search(rng)[0], query: "" };
      case "paidSearch": {
        const bing = rng.chance(0.2);
        const campaign = [["utm_medium", "cpc"], ["utm_campaign", rng.pick(ADS_CAMPAIGNS)], ["utm_term", rng.pick(TERMS)]] as const;
        // Google Ads auto-tagging alone sends gclid and no utm_*.
        if (bing) return { referrer: "https://www.bing.com/", query: query([["utm_source", "bing"], ...campaign, ["msclkid", clickId(rng)]]) };
        const tagged = rng.chance(0.7) ? [["utm_source", "google"], ...campaign] as const : [];
        return { referrer: google(rng, at.country), query: query([...tagged, ["gclid", clickId(rng)]]) };
      }
      case "social": {
        const [referrer, , source] = social(rng);
        const tagged = rng.chance(0.3) ? query([["utm_source", source], ["utm_medium", "social"], ["utm_campaign", rng.pick(["launch-week", "blog-promo", "changelog"])]]) : "";
        return { referrer, query: tagged };
      }
      case "paidSocial": {
        const [referrer, , source] = paidSocial(rng);
        const fbclid = (source === "facebook" || source === "instagram") && rng.chance(0.5) ? [["fbclid", clickId(rng)] as const] : [];
        return {
          referrer,
          query: query([
            ["utm_source", source], ["utm_medium", rng.weighted(["paid_social", "cpc", "paidsocial"], [5, 3, 2])],
            ["utm_campaign", rng.pick(["retargeting-q1", "prospecting-lookalike", "spring-promo"])], ["utm_content", rng.pick(["carousel-a", "video-15s", "static-b"])], ...fbclid,
          ]),
        };
      }
      case "email": {
        const source = rng.weighted(["newsletter", "mailchimp", "customerio", "Newsletter"], [12, 3, 4, 1]);
        const content = rng.chance(0.5) ? [["utm_content", rng.pick(["header-link", "cta-button", "footer"])] as const] : [];
        return {
          referrer: rng.chance(0.3) ? webmail(rng)[0] : "",
          query: query([["utm_source", source], ["utm_medium", rng.chance(0.95) ? "email" : "Email"], ["utm_campaign", rng.pick(NEWSLETTERS)], ...content]),
        };
      }
      case "video": {
        const [referrer, , source] = video(rng);
        return { referrer, query: rng.chance(0.4) ? query([["utm_source", source], ["utm_medium", "video"], ["utm_campaign", "tutorial-series"]]) : "" };
      }
      case "ai": {
        const [referrer, , source] = ai(rng);
        // ChatGPT's apps open links without a referrer; its tag still says where they came from.
        if (source === "chatgpt.com") return { referrer: rng.chance(0.8) ? referrer : "", query: rng.chance(0.7) ? query([["utm_source", source]]) : "" };
        return { referrer, query: "" };
      }
      case "display":
        return {
          referrer: rng.chance(0.5) ? "https://tpc.googlesyndication.com/" : "",
          query: query([["utm_source", rng.pick(["google", "criteo"])], ["utm_medium", rng.pick(["display", "banner"])], ["utm_campaign", "remarketing"], ["utm_content", rng.pick(["300x250", "728x90"])]]),
        };
      case "affiliate": {
        const rank = at.other(rng);
        const partner = `partner-${rank}`;
        return { referrer: otherReferrer(rank), query: rng.chance(0.6) ? query([["utm_source", partner], ["utm_medium", "affiliate"], ["utm_campaign", "partner-program"]]) : query([["ref", partner]]) };
      }
      case "self":
        return { referrer: `https://${at.host}${pageAt(at.page(rng))}`, query: "" };
      case "other": {
        const referrer = otherReferrer(at.other(rng));
        return { referrer, query: referrer.includes("producthunt") && rng.chance(0.5) ? query([["ref", "producthunt"]]) : "" };
      }
    }
  };
}
