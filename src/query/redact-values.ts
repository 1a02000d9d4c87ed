/**
 * Errors of statements a restricted token made. ClickHouse quotes values in its messages
 * (`Cannot parse string 'victim:/secret' as UInt8`); a value the token did not send itself
 * may come from a row it cannot read, so such quotes are masked. The rest of the message,
 * and its error code, stay: the token needs them to fix its query.
 */
import { EngineError } from "../engine/engine.ts";

const QUOTED = /'(?:[^'\\]|\\.)*'/g;
/**
 * What follows a message's own text: the statement it quotes (`: In scope …`, removed before
 * the message is shown, from its first occurrence on), the expression that failed (`: while
 * executing …`, its literals masked as quotes), its code, or nothing.
 */
const TAIL = String.raw`(?:: (?:In (?:scope|query)\b|while executing )[\s\S]*|\.? \([A-Z_]+\)(?: \(version [^)]*\))?)?$`;
/**
 * Parse errors that print the value bare, each up to the text that ends it there; a value is
 * taken as long as it can be up to that ending, so one holding the ending's words stays masked.
 */
const BARE = [
  // `Cannot parse uuid a.example.com: Cannot parse UUID from String: …`
  new RegExp(String.raw`(?<=Cannot parse (?:IPv4|IPv6|uuid) )[\s\S]*?(?=: Cannot parse (?:IPv4|IPv6|UUID) from String${TAIL})`, "g"),
  // `Cannot parse date here: 2024-13-x: Cannot parse Date from String`, `Cannot parse JSON object here: {…`
  new RegExp(String.raw`(?<= here: )[\s\S]*?(?=(?:: Cannot parse [\w(), ]+ from String)?${TAIL})`, "g"),
  // `Unable to parse fragment yyyy from 2024x because read number failed` (Joda formats)
  new RegExp(String.raw`(?<=Unable to parse fragment [\s\S]*? from )[\s\S]*(?= because [^:]*${TAIL})`, "g"),
  // `Value 13 for month of year must be in the range [1, 12]`: digits read from the value
  /(?<=\bValue )-?\d+(?= for )/g,
];

export function redactValues(err: EngineError, sent: string): EngineError {
  const unsent = (value: string) => value !== "" && !sent.includes(value);
  let message = err.message.replace(QUOTED, (quoted) => (unsent(quoted.slice(1, -1)) ? "'…'" : quoted));
  for (const bare of BARE) message = message.replace(bare, (value) => (unsent(value) ? "…" : value));
  return message === err.message ? err : new EngineError(message, err.code, err.type);
}

/** Runs `work`, masking values in its engine errors that are not in `sent`. */
export async function withRedactedErrors<T>(sent: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw err instanceof EngineError ? redactValues(err, sent) : err;
  }
}
