/**
 * Errors of statements a restricted token made. ClickHouse quotes values in its messages
 * (`Cannot parse string 'victim:/secret' as UInt8`); a value the token did not send itself
 * may come from a row it cannot read, so such quotes are masked. The rest of the message,
 * and its error code, stay: the token needs them to fix its query.
 */
import { EngineError } from "../engine/engine.ts";

const QUOTED = /'(?:[^'\\]|\\.)*'/g;
/** Parse errors that print the value bare: `Cannot parse uuid a.example.com: Cannot parse UUID from String: …`. */
const BARE = /(?<=Cannot parse (?:IPv4|IPv6|uuid) )[\s\S]*?(?=: Cannot parse )/g;

export function redactValues(err: EngineError, sent: string): EngineError {
  const unsent = (value: string) => value !== "" && !sent.includes(value);
  let message = err.message.replace(QUOTED, (quoted) => (unsent(quoted.slice(1, -1)) ? "'…'" : quoted));
  message = message.replace(BARE, (value) => (unsent(value) ? "…" : value));
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
