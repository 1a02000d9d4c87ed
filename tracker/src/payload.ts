/** Payload serialisation: PII masking and the size limits of the contract. */

// Compared after lower-casing and dropping everything but letters, so user_id, userId and
// USER-ID all match "userid".
const PII = ' username user userid password pass pin passcode token apitoken email address phone sex gender order orderid payment creditcard ';

const MASK = '********';
const MAX_PAYLOAD = 10240;

/**
 * The payload as JSON with PII values masked at any depth, or "" when it is too large.
 * (The contract's lower bound, 2 characters, cannot be hit: payloads are always objects, "{}" at least.)
 */
export function maskedJson(payload: object): string {
  const json = JSON.stringify(payload, (key, value: unknown) =>
    PII.includes(' ' + key.toLowerCase().replace(/[^a-z]/g, '') + ' ') ? MASK : value,
  );
  return json.length <= MAX_PAYLOAD ? json : '';
}
