/**
 * The sites a tenant-bound tracker token may be used from: host names (`shop.example.com`)
 * or `*.example.com`, which matches every subdomain at any depth but not `example.com`
 * itself (as in TLS certificates: list both for both). Ports and schemes are not part of
 * an entry: `localhost` allows every port on it.
 */

const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const ENTRY = new RegExp(`^(\\*\\.)?${LABEL}(?:\\.${LABEL})*$`);

/** Why `entry` cannot be a domain list entry, or undefined when it can. */
export function domainEntryProblem(entry: unknown): string | undefined {
  if (typeof entry !== "string") return "must be a host name such as shop.example.com or *.example.com";
  if (entry.length > 253 || !ENTRY.test(entry.toLowerCase())) {
    return `${JSON.stringify(entry)} is not a host name such as shop.example.com or *.example.com (no scheme, port or path)`;
  }
  return undefined;
}

export interface DomainList {
  /** The entries as the token lists them, lower-cased. */
  readonly entries: readonly string[];
  /** Whether a host (lower-cased, as `new URL(…).hostname` gives it) is one of the listed sites. */
  allows(host: string): boolean;
}

/** A list of entries already checked with `domainEntryProblem`. */
export function domainList(entries: readonly string[]): DomainList {
  const lower = entries.map((e) => e.toLowerCase());
  const exact = new Set(lower.filter((e) => !e.startsWith("*.")));
  const suffixes = lower.filter((e) => e.startsWith("*.")).map((e) => e.slice(1));
  return Object.freeze({
    entries: Object.freeze(lower),
    allows: (host: string) => exact.has(host) || suffixes.some((s) => host.endsWith(s)),
  });
}

/** The host of an `Origin` or `Referer` header value; undefined for `null`, garbage or a non-web scheme. */
export function headerHost(value: string | undefined): string | undefined {
  if (value === undefined || value === "" || value === "null") return undefined;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.hostname : undefined;
  } catch {
    return undefined;
  }
}
