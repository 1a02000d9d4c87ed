/**
 * Integers, floats, decimals and booleans. Numeric columns take JSON numbers or
 * numeric strings; 64-bit and wider integers beyond 2^53 must come as strings, since
 * a JSON number that large has already lost digits when it is parsed.
 */
import type { Convert } from "./convert.ts";

const INTEGER = /^[-+]?\d+$/;
const FLOAT = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const DECIMAL = /^([-+]?)(\d*)(?:\.(\d*))?$/;
const FLOAT32_MAX = 3.4028234663852886e38;

export function integer(bits: number, signed: boolean): Convert {
  if (bits <= 32) {
    const min = signed ? -(2 ** (bits - 1)) : 0;
    const max = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
    return (v) => {
      const n = typeof v === "number" ? v : typeof v === "string" && INTEGER.test(v) ? Number(v) : Number.NaN;
      return Number.isInteger(n) && n >= min && n <= max ? String(n) : undefined;
    };
  }
  const min = signed ? -(1n << BigInt(bits - 1)) : 0n;
  const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
  return (v) => {
    if (typeof v === "number") return Number.isSafeInteger(v) && (signed || v >= 0) ? String(v) : undefined;
    if (typeof v !== "string" || !INTEGER.test(v)) return undefined;
    const n = BigInt(v);
    return n >= min && n <= max ? n.toString() : undefined;
  };
}

export function float(bits: 32 | 64): Convert {
  return (v) => {
    const n = typeof v === "number" ? v : typeof v === "string" && FLOAT.test(v) ? Number(v) : Number.NaN;
    if (!Number.isFinite(n) || (bits === 32 && Math.abs(n) > FLOAT32_MAX)) return undefined;
    return String(n);
  };
}

/** Decimal(P, S): at most P − S integer digits; extra fraction digits are cut, as ClickHouse does. */
export function decimal(precision: number, scale: number): Convert {
  return (v) => {
    let text: string;
    if (typeof v === "number") {
      if (!Number.isFinite(v) || Math.abs(v) >= 1e21) return undefined;
      text = Number.isInteger(v) ? String(v) : v.toFixed(Math.min(scale, 100));
    } else if (typeof v === "string") text = v;
    else return undefined;
    const m = DECIMAL.exec(text);
    if (!m || (m[2] === "" && !m[3])) return undefined;
    const digits = m[2]!.replace(/^0+/, "");
    if (digits.length > precision - scale) return undefined;
    const fraction = (m[3] ?? "").slice(0, scale);
    return `"${m[1] === "-" ? "-" : ""}${digits || "0"}${fraction ? `.${fraction}` : ""}"`;
  };
}

const TRUE = new Set<unknown>([true, 1, "true", "1"]);
const FALSE = new Set<unknown>([false, 0, "false", "0"]);

export const bool: Convert = (v) => (TRUE.has(v) ? "true" : FALSE.has(v) ? "false" : undefined);
