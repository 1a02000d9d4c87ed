/**
 * Visitor ids, for datasources with `visitorId`: who sent an event, as far as a day goes,
 * without cookies and without keeping the address. Plausible's way of counting unique
 * visitors: a hash of the day's salt, the site, the client's address and its user agent.
 * The same person on the same site, browser and network gets the same id all day, across
 * sessions; the next day's salt gives everyone a new one, and once a salt is replaced the
 * ids of its day cannot be traced back to an address (state/visitor-salt.ts).
 *
 * The site is the page's origin (the `Origin` header, else the `Referer`'s), so one person
 * on two sites has two ids. The address is the one geolocation looks up (clientAddress:
 * trusted proxies only). Only the id reaches a row: the address, agent and salt go no further.
 */
import { createHmac } from "node:crypto";

export interface Sender {
  /** The client's address (clientAddress), undefined when it is not known. */
  readonly address?: string;
  readonly userAgent?: string;
  readonly origin?: string;
  readonly referer?: string;
}

/** How long a node keeps a salt before reading it again: nodes that raced at midnight agree after this. */
const REREAD_MS = 60_000;
/** How long a failed first read of the day is kept: while the state store is down, not every request asks it. */
const RETRY_MS = 5_000;

/** The site of a page: its origin, from `Origin` (sent with every cross-site POST) or from `Referer`. */
function siteOf(sender: Sender): string {
  if (sender.origin && sender.origin !== "null") return sender.origin.toLowerCase();
  try {
    return sender.referer ? new URL(sender.referer).origin.toLowerCase() : "";
  } catch {
    return "";
  }
}

export class VisitorIds {
  private cached?: { readonly day: string; readonly salt: Promise<string>; readonly until: number };

  constructor(
    /** The day's salt (StateStore.visitorSalt). */
    private readonly saltOf: (day: string) => Promise<string>,
    /** Told when the salt cannot be read (the events are then taken without a visitor id). */
    private readonly onUnavailable: (err: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The sender's visitor id for today (16 hex digits), or '' when its address is unknown or
   * the salt cannot be read: without the address, senders everywhere with one browser would
   * share an id, and the Events API keeps taking events while the state store is down
   * (reports count such an event's session as its visitor).
   */
  async idOf(sender: Sender): Promise<string> {
    if (sender.address === undefined) return "";
    let salt: string;
    try {
      salt = await this.salt();
    } catch (err) {
      this.onUnavailable(err);
      return "";
    }
    return createHmac("sha256", salt)
      .update(`${siteOf(sender)}\n${sender.address}\n${sender.userAgent ?? ""}`)
      .digest("hex")
      .slice(0, 16);
  }

  private salt(): Promise<string> {
    const now = this.now();
    const day = new Date(now).toISOString().slice(0, 10);
    const cached = this.cached;
    if (cached?.day === day && now < cached.until) return cached.salt;
    // A read again that fails keeps the day's salt it had; a first one is tried again shortly.
    const previous = cached?.day === day ? cached.salt : undefined;
    const salt = previous ? this.saltOf(day).catch(() => previous) : this.saltOf(day);
    const entry = { day, salt, until: now + REREAD_MS };
    this.cached = entry;
    salt.catch(() => {
      if (this.cached === entry) this.cached = { ...entry, until: now + RETRY_MS };
    });
    return salt;
  }
}
