/**
 * The per-page-view fields issue 14 adds that the reference parses itself from the payload
 * (kit/README.md and the issue 14 contract): the place (the address lookup's country first,
 * else the tracker's time-zone guess) and the landing URL's campaign parameters.
 */
import { countryOf } from "./reference-visit-model.ts";

const text = (v: unknown): string => (typeof v === "string" ? v : "");

/** The first 100 bytes, as ClickHouse's `substring(s, 1, 100)`. */
function first100Bytes(s: string): string {
  const bytes = Buffer.from(s);
  return bytes.length <= 100 ? s : bytes.subarray(0, 100).toString();
}

export interface Place {
  location: string;
  region: string;
  city: string;
  location_source: string;
}

/** `location` is the looked-up country when it is a country code, else the tracker's guess; region and city only beside such a country. */
export function placeOf(payload: Record<string, unknown>): Place {
  const country = countryOf(text(payload.country));
  const guess = text(payload.location);
  return {
    location: country || guess,
    region: country ? first100Bytes(text(payload.region)) : "",
    city: country ? first100Bytes(text(payload.city)) : "",
    location_source: country ? "ip" : guess ? "timezone" : "",
  };
}

/** Form decoding: `+` is a space, then %XX; a malformed escape is left as written. */
function formDecode(value: string): string {
  const spaced = value.replace(/\+/g, " ");
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** A query parameter of the page URL (its first occurrence), decoded, without surrounding spaces, at most 100 bytes. */
export function urlParameter(href: string, name: string): string {
  const query = href.includes("?") ? href.slice(href.indexOf("?") + 1).replace(/#.*$/, "") : "";
  const pair = query.split("&").find((kv) => kv.split("=")[0] === name);
  if (pair === undefined) return "";
  return first100Bytes(formDecode(pair.slice(name.length + 1)).replace(/^ +| +$/g, ""));
}
