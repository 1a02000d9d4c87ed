/** `TOKEN "name" READ` / `TOKEN name APPEND`: the name may be quoted, the permission is a bare word. */
import type { TokenGrant, TokenPermission } from "./model.ts";

export function parseTokenValue(
  value: string,
  allowed: readonly TokenPermission[],
  fallback?: TokenPermission,
): TokenGrant | { error: string } {
  const m = /^(?:"([^"]*)"|(\S+))\s*(\S*)\s*(.*)$/.exec(value.trim());
  if (m === null || value.trim() === "") return { error: `TOKEN needs a name and a permission, e.g. TOKEN "reader" ${allowed[0]}` };
  const name = m[1] ?? m[2]!;
  const word = m[3]!.toUpperCase();
  if (m[4] !== "") return { error: `TOKEN "${name}": unexpected "${m[4]}" after the permission` };
  const permission = word === "" ? fallback : allowed.find((p) => p === word);
  if (permission === undefined) {
    const expected = allowed.join(" or ");
    return { error: word === "" ? `TOKEN "${name}" needs a permission: ${expected}` : `TOKEN "${name}": the permission must be ${expected}, not "${m[3]}"` };
  }
  return { name, permission };
}
