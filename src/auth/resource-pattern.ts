/**
 * JWT `resource` patterns: a name, or a pattern where `*` stands for any run of
 * characters (`top_*`, `*`). The seed asks for them; Tinybird itself matches names only.
 */
export interface ResourcePattern {
  readonly text: string;
  readonly isWildcard: boolean;
  /** Characters other than `*`: the more, the more specific the pattern. */
  readonly literalLength: number;
  matches(name: string): boolean;
}

export function resourcePattern(text: string): ResourcePattern {
  if (!text.includes("*")) return { text, isWildcard: false, literalLength: text.length, matches: (name) => name === text };
  const parts = text.split("*");
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  const middle = parts.slice(1, -1).filter((p) => p !== "");
  const matches = (name: string): boolean => {
    if (name.length < first.length + last.length || !name.startsWith(first) || !name.endsWith(last)) return false;
    // Greedy left-to-right search of the middle pieces between the fixed ends is exact for `*` globs.
    let at = first.length;
    const end = name.length - last.length;
    for (const piece of middle) {
      const found = name.indexOf(piece, at);
      if (found < 0 || found + piece.length > end) return false;
      at = found + piece.length;
    }
    return true;
  };
  return { text, isWildcard: true, literalLength: text.length - (parts.length - 1), matches };
}
