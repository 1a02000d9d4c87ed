/**
 * `TOKEN "name" READ`, `TOKEN 'name' APPEND`, `TOKEN name READ`: the name may be quoted
 * either way, the permission is a bare word. Older Tinybird projects also grant CREATE,
 * DROP or ADMIN this way; Aviary has nothing those could do on one resource, so such a
 * token is accepted with READ on the resource and a note saying so.
 */
import type { TokenGrant, TokenPermission } from "./model.ts";

const LEGACY = new Set(["CREATE", "DROP", "ADMIN"]);

export interface ParsedToken {
  readonly grant: TokenGrant;
  /** Set for a legacy permission: what the token grants here instead. */
  readonly note?: string;
}

export function parseTokenValue(
  value: string,
  allowed: readonly TokenPermission[],
  resource: string,
  fallback?: TokenPermission,
): ParsedToken | { error: string } {
  const m = /^(?:"([^"]*)"|'([^']*)'|(\S+))\s*(\S*)\s*(.*)$/.exec(value.trim());
  if (m === null || value.trim() === "") return { error: `TOKEN needs a name and a permission, e.g. TOKEN "reader" ${allowed[0]}` };
  const name = m[1] ?? m[2] ?? m[3]!;
  const word = m[4]!.toUpperCase();
  if (m[5] !== "") return { error: `TOKEN "${name}": unexpected "${m[5]}" after the permission` };
  if (LEGACY.has(word)) {
    return {
      grant: { name, permission: "READ" },
      note: `TOKEN "${name}" ${word}: Tinybird's legacy ${word} permission has no counterpart here; in Aviary the token may only read ${resource}`,
    };
  }
  const permission = word === "" ? fallback : allowed.find((p) => p === word);
  if (permission === undefined) {
    const expected = allowed.join(" or ");
    return { error: word === "" ? `TOKEN "${name}" needs a permission: ${expected}` : `TOKEN "${name}": the permission must be ${expected}, not "${m[4]}"` };
  }
  return { grant: { name, permission } };
}
