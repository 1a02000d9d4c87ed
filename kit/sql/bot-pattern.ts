/**
 * One RE2 pattern (ClickHouse `match()`) for "this user agent is a bot": the upstream
 * kit's patterns plus the maintained list of the `isbot` package, built when the kit is
 * loaded. RE2 has no lookaround, and isbot uses a few (`(?<!cam)scan`, `java(?!;)`):
 * each is rewritten exactly, for literal alternatives, into a plain group that
 * consumes the neighbouring characters instead (harmless: we only ask whether it matches).
 */
import { list as isbotPatterns } from "isbot";

/** What the upstream kit calls a bot (matched against the lower-cased user agent). */
export const UPSTREAM_BOT_PATTERNS = ["wget", "ahrefsbot", "curl", "urllib", "bitdiscovery", "\\+https://", "googlebot"];

interface Trie {
  end: boolean;
  next: Map<string, Trie>;
}

function trieOf(words: readonly string[]): Trie {
  const root: Trie = { end: false, next: new Map() };
  for (const word of words) {
    let node = root;
    for (const ch of word) {
      let child = node.next.get(ch);
      if (!child) node.next.set(ch, (child = { end: false, next: new Map() }));
      node = child;
    }
    node.end = true;
  }
  return root;
}

function escapeChar(ch: string): string {
  return /[\\^$.|?*+()[\]{}/-]/.test(ch) ? `\\${ch}` : ch;
}

function negatedClass(chars: readonly string[]): string {
  return `[^${chars.map(escapeChar).join("")}]`;
}

/** `(?!w1|w2…)` at the end of a pattern: whatever follows is not a prefix-completion of any word. */
function notFollowedBy(words: readonly string[]): string {
  const walk = (node: Trie): string => {
    const branches = ["$", negatedClass([...node.next.keys()])];
    for (const [ch, child] of node.next) if (!child.end) branches.push(escapeChar(ch) + walk(child));
    return `(?:${branches.join("|")})`;
  };
  return walk(trieOf(words));
}

/** `(?<!w1|w2…)`: what precedes does not end with any word (reversed-trie walk). */
function notPrecededBy(words: readonly string[]): string {
  const walk = (node: Trie): string => {
    const branches = ["^", negatedClass([...node.next.keys()])];
    for (const [ch, child] of node.next) if (!child.end) branches.push(walk(child) + escapeChar(ch));
    return `(?:${branches.join("|")})`;
  };
  return walk(trieOf(words.map((w) => [...w].reverse().join(""))));
}

/** Splits `a|b|(?:c|d)` content into literal words; undefined when it is not plain literals. */
function literalWords(group: string): string[] | undefined {
  const inner = /^\(\?:(.*)\)$/.exec(group)?.[1] ?? group;
  const words = inner.split("|").map((w) => w.replace(/\\(.)/g, "$1"));
  return words.every((w) => w.length > 0 && !/[()[\]{}*+?.^$\\|]/.test(w)) ? words : undefined;
}

/** Rewrites lookbehind/lookahead groups of literal words; throws on anything else. */
export function toRe2(pattern: string): string {
  return pattern.replace(/\(\?(<!|!)((?:\(\?:[^()]*\)|[^()])*)\)/g, (whole, kind: string, body: string) => {
    const words = literalWords(body);
    if (!words) throw new Error(`cannot rewrite ${whole} in ${pattern} for RE2`);
    return kind === "<!" ? notPrecededBy(words) : notFollowedBy(words);
  });
}

/** The combined pattern, case-insensitive; a lookahead must end its pattern to be rewritten safely. */
export function botPattern(patterns: readonly string[] = isbotPatterns): string {
  const all = [...UPSTREAM_BOT_PATTERNS, ...patterns].map((p) => {
    if (/\(\?!/.test(p) && !/\(\?!(?:\(\?:[^()]*\)|[^()])*\)$/.test(p)) throw new Error(`lookahead not at the end of ${p}`);
    return toRe2(p);
  });
  return `(?i)(?:${all.join("|")})`;
}
