/** Whether a statement's answer changes with time alone (run-endpoint.ts keeps it 10 s at most). */

/**
 * Names that read the clock, as functions or as SQL's keywords (`CURRENT_TIMESTAMP`), looked
 * for as whole words anywhere (quoted, before a comment, without parentheses): a column or
 * comment that happens to share a name only shortens an answer's life, never lengthens one.
 */
const CLOCK =
  /\b(?:now|now64|nowInBlock|nowInBlock64|today|yesterday|curdate|currentDate|current_date|current_timestamp|localtimestamp|UTCTimestamp|UTC_timestamp|uptime|generateSnowflakeID|generateSerialID|generateUUIDv7|fromUnixTimestamp64Now)\b/i;
export const readsClock = (text: string): boolean => CLOCK.test(text);
