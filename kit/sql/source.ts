/**
 * Where a visit came from. Placeholder signatures: the sources table and channel rules
 * replace these bodies (issue 14).
 */
export interface ChannelInputs {
  /** The visit's source as sourceSql names it ('' direct). */
  readonly source: string;
  /** Full referrer URL ('' none). */
  readonly referrer: string;
  /** Full landing URL. */
  readonly href: string;
  readonly utmSource: string;
  readonly utmMedium: string;
  readonly utmCampaign: string;
}

/** SQL: the source of a page view that starts a visit; '' is direct. */
export function sourceSql(referrer: string, href: string): string {
  return `if(${referrer} = '' OR domainWithoutWWW(${referrer}) = domainWithoutWWW(${href}), '', domainWithoutWWW(${referrer}))`;
}

/** SQL: the visit's channel. */
export function channelSql(o: ChannelInputs): string {
  return `if(${o.source} = '', 'Direct', 'Referral')`;
}
