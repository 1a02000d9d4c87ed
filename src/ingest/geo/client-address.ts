/**
 * Who sent a request: the TCP peer, unless the peer is a trusted proxy, in which case
 * `X-Forwarded-For` is read from the right (the entry the nearest proxy appended) and the
 * first address that is not itself a trusted proxy is the client. Entries to the left of
 * it are whatever the client claimed, so they are never read: a visitor cannot choose
 * its own location by sending the header.
 */
import { isIP } from "node:net";

export type Family = "ipv4" | "ipv6";

export interface Address {
  readonly address: string;
  readonly family: Family;
}

const MAPPED_DOTTED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;
const MAPPED_HEX = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i;

/** An IPv4 address written as IPv6 (`::ffff:1.2.3.4`, how a dual-stack socket reports IPv4 peers) is IPv4. */
function unmapped(address: string): string {
  const dotted = MAPPED_DOTTED.exec(address)?.[1];
  if (dotted !== undefined) return dotted;
  const hex = MAPPED_HEX.exec(address);
  if (!hex) return address;
  const [high, low] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

/** An address as a socket or a proxy writes it (`1.2.3.4:5678`, `[2001:db8::1]:443`, `fe80::1%eth0`), or undefined. */
export function parseAddress(text: string): Address | undefined {
  let address = text.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.indexOf(":"));
  address = unmapped(address.replace(/%.*$/, "").toLowerCase());
  const version = isIP(address);
  return version === 0 ? undefined : { address, family: version === 4 ? "ipv4" : "ipv6" };
}

/** `10.0.0.0/8`, `2001:db8::/32` or a single address; the normal form, or undefined when it is not one. */
export function parseCidr(text: string): { address: string; prefix: number; family: Family } | undefined {
  const [head, bits, ...rest] = text.trim().split("/");
  const parsed = head === undefined || rest.length > 0 ? undefined : parseAddress(head);
  if (!parsed) return undefined;
  const max = parsed.family === "ipv4" ? 32 : 128;
  if (bits !== undefined && !/^\d{1,3}$/.test(bits)) return undefined;
  const prefix = bits === undefined ? max : Number(bits);
  return prefix <= max ? { ...parsed, prefix } : undefined;
}

const hexGroups = (text: string): number[] =>
  text === "" ? [] : text.split(":").flatMap((g) => (g.includes(".") ? pairsOf(g) : [parseInt(g, 16)]));
const pairsOf = (dotted: string): number[] => {
  const [a, b, c, d] = dotted.split(".").map(Number) as [number, number, number, number];
  return [(a << 8) | b, (c << 8) | d];
};

/** An address (already checked by isIP) as a number, so a prefix is one shift and compare. */
function bitsOf({ address, family }: Address): bigint {
  const parts = family === "ipv4" ? address.split(".").map(Number) : undefined;
  if (parts) return parts.reduce((n, part) => (n << 8n) | BigInt(part), 0n);
  const [head = "", tail] = address.split("::");
  const [h, t] = [hexGroups(head), tail === undefined ? [] : hexGroups(tail)];
  const groups = [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
  return groups.reduce((n, g) => (n << 16n) | BigInt(g), 0n);
}

interface Range {
  readonly family: Family;
  readonly shift: bigint;
  readonly base: bigint;
}

/** Node's BlockList does this too, but at several microseconds a check; this is a fraction of one. */
export class TrustedProxies {
  private readonly ranges: readonly Range[];
  readonly size: number;

  /** CIDRs as `parseCidr` reads them; the config checked each already. */
  constructor(cidrs: readonly string[]) {
    this.ranges = cidrs.map((text) => {
      const cidr = parseCidr(text);
      if (!cidr) throw new Error(`not an address or CIDR: ${JSON.stringify(text)}`);
      const shift = BigInt((cidr.family === "ipv4" ? 32 : 128) - cidr.prefix);
      return { family: cidr.family, shift, base: bitsOf(cidr) >> shift };
    });
    this.size = cidrs.length;
  }

  has(address: Address): boolean {
    if (this.size === 0) return false;
    const bits = bitsOf(address);
    return this.ranges.some((r) => r.family === address.family && bits >> r.shift === r.base);
  }
}

/**
 * The client's address, or undefined when it cannot be told: no peer, or a trusted
 * proxy forwarded something that is not an address (nothing left of it can be trusted).
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | undefined, trusted: TrustedProxies): Address | undefined {
  let current = peer === undefined ? undefined : parseAddress(peer);
  if (!current || !trusted.has(current) || !forwardedFor) return current;
  const hops = forwardedFor.split(",");
  for (let i = hops.length - 1; i >= 0; i--) {
    current = parseAddress(hops[i]!);
    if (!current || !trusted.has(current)) return current;
  }
  // Every hop was a trusted proxy: the leftmost is as near the client as anyone says.
  return current;
}
