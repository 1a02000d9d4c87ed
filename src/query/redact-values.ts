/**
 * Errors of statements a restricted token made. ClickHouse quotes values in its messages
 * (`Cannot parse string 'victim:/secret' as UInt8`); a value the token did not send itself
 * may come from a row it cannot read, so such quotes are masked. The rest of the message,
 * and its error code, stay: the token needs them to fix its query.
 */
import { EngineError } from "../engine/engine.ts";

const QUOTED = /'(?:[^'\\]|\\.)*'/g;

export function redactValues(err: EngineError, sent: string): EngineError {
  const message = err.message.replace(QUOTED, (quoted) => (sent.includes(quoted.slice(1, -1)) ? quoted : "'…'"));
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
