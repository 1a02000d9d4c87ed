/**
 * Name rules and "did you mean" hints shared by the datafile parser and the project
 * validator.
 */

/** Datasources, pipes, nodes and tokens all follow the SDK's identifier rule. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isValidName(name: string): boolean {
  return IDENTIFIER.test(name);
}

export const NAME_RULE = 'use letters, digits and "_", starting with a letter or "_"';

/**
 * Aviary's own tables start with this (`_aviary_resources`, the shared state
 * `_aviary_state`/`_aviary_builds`/`_aviary_lease`, copy staging `_aviary_copy_*`), in the
 * database the project's datasources and views live in. A datasource or pipe of that name
 * would be deployed over one of them (CREATE … IF NOT EXISTS finds it there) and hand the
 * workspace's secret to whoever may read or append to it.
 */
const RESERVED_PREFIX = "_aviary";

export function reservedNameProblem(kind: "datasource" | "pipe", name: string): string | undefined {
  return name.toLowerCase().startsWith(RESERVED_PREFIX) ? `${kind} name "${name}" is reserved: names starting with "${RESERVED_PREFIX}" are Aviary's own tables` : undefined;
}

/** Strips one pair of outer quotes, double or single: Tinybird accepts `ENGINE "MergeTree"`, `ENGINE 'MergeTree'` and `ENGINE MergeTree`. */
export function unquote(value: string): string {
  const v = value.trim();
  return v.length >= 2 && /^(["']).*\1$/s.test(v) ? v.slice(1, -1) : v;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The candidate closest to `name` (case-insensitively), if it is close enough to be a
 * likely typo; `""` otherwise. Returned as a ready-to-append ` (did you mean "X"?)`.
 */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  for (const candidate of candidates) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.max(1, Math.min(2, Math.floor(name.length / 3)));
  return best !== undefined && bestDistance <= limit ? ` (did you mean "${best}"?)` : "";
}
