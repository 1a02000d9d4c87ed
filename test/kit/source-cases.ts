/**
 * Landing page views and the source and channel each must get (kit/README.md, "Sources
 * and channels"). The site is example.com; '' source is Direct.
 */
export interface SourceCase {
  readonly referrer: string;
  readonly href: string;
  readonly source: string;
  readonly channel: string;
}

export const SITE = "https://example.com/";

function view(referrer: string, query: string, source: string, channel: string): SourceCase {
  return { referrer, href: `${SITE}${query}`, source, channel };
}

export const CASES: readonly SourceCase[] = [
  // Direct: no referrer, an internal one (www. or not), or one without a dotted host
  view("", "", "", "Direct"),
  view("https://example.com/blog", "pricing", "", "Direct"),
  view("https://www.example.com/", "", "", "Direct"),
  view("http://localhost:3000/", "", "", "Direct"),
  // hosts grouped by the table
  view("https://www.google.com/", "", "Google", "Organic Search"),
  view("https://www.google.co.uk/", "", "Google", "Organic Search"),
  view("https://www.google.de/search?q=x", "", "Google", "Organic Search"),
  view("https://WWW.GOOGLE.COM.BR/", "", "Google", "Organic Search"),
  view("android-app://com.google.android.googlequicksearchbox/https/www.google.com", "", "Google", "Organic Search"),
  view("https://duckduckgo.com/", "", "DuckDuckGo", "Organic Search"),
  view("https://www.bing.com/search?q=x", "", "Bing", "Organic Search"),
  view("https://search.yahoo.co.jp/", "", "Yahoo", "Organic Search"),
  view("https://l.facebook.com/l.php?u=x", "?fbclid=IwAR0", "Facebook", "Organic Social"),
  view("https://m.facebook.com/", "", "Facebook", "Organic Social"),
  view("https://lm.facebook.com/", "", "Facebook", "Organic Social"),
  view("https://t.co/abc", "", "Twitter/X", "Organic Social"),
  view("https://x.com/someone", "", "Twitter/X", "Organic Social"),
  view("https://mobile.twitter.com/", "", "Twitter/X", "Organic Social"),
  view("https://news.ycombinator.com/item?id=1", "", "Hacker News", "Organic Social"),
  view("https://github.com/org/repo", "", "GitHub", "Organic Social"),
  view("https://old.reddit.com/r/x", "", "Reddit", "Organic Social"),
  view("https://lnkd.in/x", "", "LinkedIn", "Organic Social"),
  view("android-app://com.google.android.gm/", "", "Gmail", "Email"),
  view("https://mail.google.com/mail/u/0/", "", "Gmail", "Email"),
  view("https://outlook.live.com/", "", "Outlook", "Email"),
  view("https://www.youtube.com/watch?v=1", "", "YouTube", "Video"),
  view("https://youtu.be/x", "", "YouTube", "Video"),
  view("https://chatgpt.com/", "?utm_source=chatgpt.com", "ChatGPT", "AI assistants"),
  view("https://www.perplexity.ai/", "", "Perplexity", "AI assistants"),
  view("https://gemini.google.com/app", "", "Gemini", "AI assistants"),
  view("https://en.m.wikipedia.org/wiki/X", "", "Wikipedia", "Referral"),
  view("https://www.amazon.de/", "", "Amazon", "Referral"),
  // hosts not in the table: as written, without www.; a subdomain of the site is another site
  view("https://blog.example.org/post", "", "blog.example.org", "Referral"),
  view("https://www.Some-Site.io/", "", "some-site.io", "Referral"),
  view("https://shop.example.com/", "", "shop.example.com", "Referral"),
  view("https://x.ai/", "", "x.ai", "Referral"),
  // tagged: utm_source, else source, else ref; over any referrer, internal ones too
  view("", "?ref=a&source=b&utm_source=c", "c", "Referral"),
  view("", "?ref=a&source=b", "b", "Referral"),
  view("https://www.google.com/", "?ref=partner", "partner", "Referral"),
  view("https://example.com/x", "?utm_source=newsletter", "newsletter", "Email"),
  view("", "?utm_source=&ref=fallback", "fallback", "Referral"),
  view("", "#/page?utm_source=hashed", "hashed", "Referral"),
  view("", "?ref=producthunt", "Product Hunt", "Organic Social"),
  view("", "?utm_source=fb", "Facebook", "Organic Social"),
  view("", "?utm_source=GOOGLE", "Google", "Organic Search"),
  view("", "?utm_source=www.reddit.com", "Reddit", "Organic Social"),
  view("", "?utm_source=google.de", "Google", "Organic Search"),
  view("", "?utm_source=target", "target", "Referral"),
  // untrusted text: decoded, control characters blanked, trimmed, at most 100 characters
  view("", "?utm_source=%20Hello%20World%20", "Hello World", "Referral"),
  view("", "?utm_source=caf%C3%A9+bar", "café bar", "Referral"),
  view("", "?utm_source=%0Aevil%0D%09", "evil", "Referral"),
  view("", "?utm_source=O'Reilly%27s", "O'Reilly's", "Referral"),
  view("", "?utm_source={{x}}", "{{x}}", "Referral"),
  view("", `?utm_source=${"é".repeat(150)}`, "é".repeat(100), "Referral"),
  // paid search: a search engine with a paid medium or ad word, or Google's and Microsoft's click ids
  view("https://www.google.com/", "?gclid=abc", "Google", "Paid Search"),
  view("", "?gclid=abc", "", "Paid Search"),
  view("https://www.bing.com/", "?msclkid=1", "Bing", "Paid Search"),
  view("", "?utm_source=google&utm_medium=cpc", "Google", "Paid Search"),
  view("", "?utm_source=adwords", "Google", "Paid Search"),
  view("", "?utm_source=Google%20Ads", "Google", "Paid Search"),
  view("", "?utm_source=partner&utm_campaign=pmax_cross-network", "partner", "Paid Search"),
  // paid social
  view("", "?utm_source=facebook&utm_medium=paid_social", "Facebook", "Paid Social"),
  view("", "?utm_source=facebook_ads", "Facebook", "Paid Social"),
  view("https://www.tiktok.com/", "?ttclid=x", "TikTok", "Paid Social"),
  view("https://www.linkedin.com/", "?li_fat_id=1", "LinkedIn", "Paid Social"),
  // video, paid or not
  view("", "?utm_source=yt&utm_medium=cpc", "YouTube", "Video"),
  view("", "?utm_source=partner&utm_medium=video", "partner", "Video"),
  // display, and paid traffic from no known platform
  view("", "?utm_source=criteo&utm_medium=display", "criteo", "Display"),
  view("https://news.example.net/", "?gclid=abc", "news.example.net", "Display"),
  view("", "?utm_source=taboola&utm_medium=cpc", "taboola", "Display"),
  view("", "?dclid=x", "", "Display"),
  // medium-only rules
  view("", "?utm_source=ecosia&utm_medium=organic", "Ecosia", "Organic Search"),
  view("", "?utm_source=friends&utm_medium=social", "friends", "Organic Social"),
  view("", "?utm_source=Newsletter&utm_medium=email", "Newsletter", "Email"),
  view("", "?ref=weekly-newsletter", "weekly-newsletter", "Email"),
  view("", "?utm_source=partner&utm_medium=affiliate", "partner", "Affiliates"),
  view("https://deals.example.net/", "?utm_medium=affiliate", "deals.example.net", "Affiliates"),
  view("", "?utm_medium=referral", "", "Referral"),
  view("", "?utm_medium=email", "", "Email"),
];
