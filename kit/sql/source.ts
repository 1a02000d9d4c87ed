/**
 * Where a visit came from: its source (a name from the sources table, a tagged value as
 * written, or the referrer's host) and its channel. Both run at insert for every page
 * view, so matching is a few hash lookups (`transform`) on keys cut from the host, never
 * a regex per source. The rules are written out in kit/README.md ("Sources and channels").
 */
import { assertTemplateSafe, sqlString } from "./literal.ts";
import { SOURCES } from "./source-table.ts";

export const CHANNELS = [
  "Direct", "Organic Search", "Paid Search", "Organic Social", "Paid Social", "Email", "Referral", "Affiliates", "Display", "Video", "AI assistants",
] as const;
export type Channel = (typeof CHANNELS)[number];

export interface ChannelInputs {
  /** The visit's source as sourceSql names it ('' direct). */
  readonly source: string;
  /** Full referrer URL ('' none); read through `source`, which already holds what it says. */
  readonly referrer: string;
  /** Full landing URL. */
  readonly href: string;
  readonly utmSource: string;
  readonly utmMedium: string;
  readonly utmCampaign: string;
}

/** The query parameters that name a source, first non-empty wins (Plausible's order). */
export const TAG_PARAMETERS = ["utm_source", "source", "ref"] as const;
/** A tagged source ending in an ad word (`facebook_ads`, `google-cpc`) is that source, paid. */
const PAID_SUFFIX = "[-_ .](ads?|cpc|ppc|paid)$";
const PAID_TAGS = ["adwords", "googleads"];

/** Every lookup key (host, lower-case name, shorthand) with its source; a key naming two sources is refused. */
export function sourceKeys(): Map<string, string> {
  const keys = new Map<string, string>();
  for (const s of SOURCES) {
    for (const key of [...s.hosts, ...(s.word ? [] : [s.name.toLowerCase()]), ...s.aliases]) {
      const other = keys.get(key);
      if (other !== undefined && other !== s.name) throw new Error(`source key "${key}" names both ${other} and ${s.name}`);
      keys.set(key, s.name);
    }
  }
  return keys;
}

const list = (values: readonly string[]): string => `[${values.map(sqlString).join(", ")}]`;
const KEYS = sourceKeys();
const KEY_LIST = list([...KEYS.keys()]);
const NAME_LIST = list([...KEYS.values()]);
const BRANDS = SOURCES.flatMap((s) => s.brands.map((b) => [b, s.name] as const));
const BRAND_KEYS = list(BRANDS.map((b) => b[0]));
const BRAND_NAMES = list(BRANDS.map((b) => b[1]));

/** ASCII control characters, as a ClickHouse literal, and as many spaces to map them to. */
const CONTROLS = `'${[...Array(32).keys(), 127].map((c) => `\\x${c.toString(16).padStart(2, "0")}`).join("")}'`;
const SPACES = sqlString(" ".repeat(33));

/** SQL: a raw (still escaped) query value decoded, control characters blanked, trimmed, at most 100 characters. */
function cleanSql(raw: string): string {
  return `leftUTF8(trimBoth(translate(toValidUTF8(decodeURLFormComponent(${raw})), ${CONTROLS}, ${SPACES})), 100)`;
}

/** SQL: the raw value of a query parameter of a page URL (also read after a `#`, where hash-routed pages keep theirs). */
const rawParameterSql = (href: string, name: string): string => `extractURLParameter(${href}, ${sqlString(name)})`;

/** SQL: a query parameter of a page URL, decoded and cleaned: pages are written by strangers. */
export function urlParameterSql(href: string, name: string): string {
  return cleanSql(rawParameterSql(href, name));
}

/**
 * SQL: `body` with each name bound to its value (`arrayMap` over one-element arrays): a
 * let. A bound value is computed once, where ClickHouse would expand a repeated expression
 * at every use, and the short-circuit evaluation of if/AND/OR evaluate it again.
 */
function bind(names: readonly string[], values: readonly string[], body: string): string {
  return `arrayMap((${names.join(", ")}) -> ${body}, ${values.map((v) => `[${v}]`).join(", ")})[1]`;
}

/**
 * SQL: the source of the page view that starts a visit; '' is Direct. A tagged value
 * (utm_source, else source, else ref) wins over the referrer; an internal or missing
 * referrer is Direct. The key (tagged value, else referrer host) is looked up as is, then
 * its parent domains, then (tagged) without an ad word, then by brand; a key not found
 * stays as written.
 */
export function sourceSql(referrer: string, href: string): string {
  const tagged = cleanSql(`arrayFirst(_v -> _v != '', [${TAG_PARAMETERS.map((p) => rawParameterSql(href, p)).join(", ")}])`);
  // Only tagged values lack a dot: they alone may end in an ad word.
  const unpaid = `if(position(_key, '.') = 0, replaceRegexpOne(_key, ${sqlString(PAID_SUFFIX)}, ''), '')`;
  // The key's last four, three and two labels: a listed host covers its subdomains, the longest listed one wins.
  const candidates = `[_key, ${[-4, -3, -2].map((n) => `substringIndex(_key, '.', ${n})`).join(", ")}, ${unpaid}]`;
  const known = `arrayMap(_k -> transform(_k, ${KEY_LIST}, ${NAME_LIST}, ''), ${candidates})`;
  const brand = `transform(firstSignificantSubdomain(_key), ${BRAND_KEYS}, ${BRAND_NAMES}, '')`;
  const named = bind(["_key"], ["if(_tagged != '', lower(_tagged), _host)"], `arrayFirst(_n -> _n != '', arrayConcat(${known}, [${brand}, if(_tagged != '', _tagged, _host)]))`);
  const body = `if(_tagged = '' AND (_host = '' OR _host = _page), '', leftUTF8(${named}, 100))`;
  const hosts = [referrer, href].map((url) => `domainWithoutWWW(lower(${url}))`);
  return assertTemplateSafe(bind(["_tagged", "_host", "_page"], [tagged, ...hosts], body), "the source expression");
}

const among = (text: string, values: readonly string[]): string => `${text} IN (${values.map(sqlString).join(", ")})`;

/** Click ids the ad platforms add to a landing URL, by the kind of ad (fbclid is not one: Facebook adds it to every link). */
const CLICK_IDS: readonly (readonly [kind: string, id: string])[] = [
  ...["gclid", "gbraid", "wbraid", "msclkid", "yclid"].map((id) => ["search", id] as const),
  ...["ttclid", "li_fat_id", "twclid", "ScCid", "sccid"].map((id) => ["social", id] as const),
  ["display", "dclid"],
];

/** SQL: the kind of the first click id in a URL's query ('' none). */
function clickKindSql(href: string): string {
  const needles = CLICK_IDS.flatMap(([, id]) => [`?${id}=`, `&${id}=`]);
  const kinds = ["", ...CLICK_IDS.flatMap(([kind]) => [kind, kind])];
  return `arrayElement(${list(kinds)}, multiSearchFirstIndex(${href}, ${list(needles)}) + 1)`;
}

/**
 * SQL: the visit's channel, one of CHANNELS: the first rule that holds wins. GA4's rules
 * in GA4's order, folded into our eleven channels; kit/README.md has them as a table.
 * Each input is read once, then reduced to features (category, paid, e-mail words).
 */
export function channelSql(o: ChannelInputs): string {
  const paidMedium = `position(_medium, 'cp') > 0 OR ${among("_medium", ["ppc", "retargeting"])} OR startsWith(_medium, 'paid')`;
  const inputs = {
    _source: o.source,
    _medium: `lower(${o.utmMedium})`,
    _tag: `lower(${o.utmSource})`,
    _cross: `position(lower(${o.utmCampaign}), 'cross-network') > 0`,
    _click: clickKindSql(o.href),
  };
  const features = {
    _category: `transform(_source, ${list(SOURCES.map((s) => s.name))}, ${list(SOURCES.map((s) => s.category))}, '')`,
    _paid: `${paidMedium} OR match(_tag, ${sqlString(PAID_SUFFIX)}) OR ${among("_tag", PAID_TAGS)}`,
    // A newline joins the three: no e-mail word spans two of them.
    _email: `multiSearchAny(concat(_tag, '\\n', _medium, '\\n', lower(_source)), ${list(["email", "e-mail", "e_mail", "e mail", "newsletter"])})`,
  };
  const rules: readonly (readonly [condition: string, channel: Channel])[] = [
    [`_cross OR (_category IN ('search', 'shopping') AND _paid) OR (_click = 'search' AND (_source = '' OR _category = 'search'))`, "Paid Search"],
    [`(_category = 'social' AND _paid) OR _click = 'social'`, "Paid Social"],
    [`_category = 'video' OR position(_medium, 'video') > 0`, "Video"],
    [`${among("_medium", ["display", "banner", "expandable", "interstitial", "cpm"])} OR _paid OR _click IN ('search', 'display')`, "Display"],
    [`_category = 'ai'`, "AI assistants"],
    [`_category = 'social' OR ${among("_medium", ["social", "social-network", "social-media", "sm", "social network", "social media"])}`, "Organic Social"],
    [`_category = 'search' OR _medium = 'organic'`, "Organic Search"],
    [`_category = 'email' OR _email`, "Email"],
    [among("_medium", ["affiliate", "affiliates"]), "Affiliates"],
    [`_source != '' OR ${among("_medium", ["referral", "app", "link"])}`, "Referral"],
  ];
  const body = `multiIf(${rules.map(([condition, channel]) => `${condition}, ${sqlString(channel)}`).join(", ")}, 'Direct')`;
  // Most page views have nothing to classify: they skip the features.
  const featured = `if(_source = '' AND _medium = '' AND _click = '' AND NOT _cross, 'Direct', ${bind(Object.keys(features), Object.values(features), body)})`;
  return assertTemplateSafe(bind(Object.keys(inputs), Object.values(inputs), featured), "the channel expression");
}
