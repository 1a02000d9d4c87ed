/**
 * The time zones the tracker maps to a country, most web traffic first. NOT bundled: this is the
 * readable source of the compact TABLE in location-table.ts, which holds
 * `tableFor(TABLE_ZONES)` (tracker/testing/time-zones.ts); test/e2e/tracker-location.test.ts
 * checks both agree and that no zone anywhere maps to a wrong country.
 * Chrome reports legacy ICU names (Asia/Calcutta, Asia/Saigon, Europe/Kiev), Firefox the modern
 * ones, so both spellings are listed.
 * Each zone costs ~5 gzipped bytes of the core's 2.5 KB budget. Chrome and Safari resolve any
 * country whose language tag matches (de-DE in Europe/Berlin) without the table, so it favours
 * traffic-heavy countries where browsers often say en-US. Trim from the end when over budget;
 * next candidates: Europe/Brussels, Europe/Vienna, Europe/Lisbon, Europe/Copenhagen, Europe/Oslo,
 * Europe/Helsinki, Europe/Prague, Asia/Taipei, America/Bogota, America/Buenos_Aires, Africa/Cairo,
 * Asia/Kuala_Lumpur, Asia/Bangkok.
 */
export const TABLE_ZONES = [
  'America/New_York', 'America/Chicago', 'America/Los_Angeles', 'America/Denver',
  'America/Phoenix', 'Europe/London', 'Asia/Calcutta', 'Asia/Kolkata', 'America/Toronto',
  'America/Vancouver', 'Australia/Sydney', 'Australia/Melbourne', 'Australia/Brisbane',
  'Europe/Berlin', 'Europe/Paris', 'Europe/Madrid', 'Europe/Rome', 'Europe/Amsterdam',
  'America/Sao_Paulo', 'Asia/Tokyo', 'Asia/Shanghai', 'Europe/Moscow', 'America/Mexico_City',
  'Europe/Warsaw', 'Asia/Singapore', 'Asia/Hong_Kong', 'Asia/Seoul', 'Asia/Jakarta', 'Asia/Manila',
  'Europe/Dublin', 'Pacific/Auckland', 'Africa/Johannesburg', 'Africa/Lagos', 'Asia/Dubai',
  'Asia/Jerusalem', 'Asia/Karachi', 'Europe/Istanbul', 'Europe/Kiev', 'Europe/Kyiv', 'Asia/Saigon',
  'Asia/Ho_Chi_Minh', 'Europe/Stockholm', 'Europe/Zurich',
];
