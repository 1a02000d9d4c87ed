/**
 * The tracker's time-zone → country table against the system tzdata (no browser needed):
 * it is exactly what location-zones.ts generates, every listed zone maps to its country, and no
 * zone or alias anywhere maps to a wrong one (the table stores shortened prefixes).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { zoneCountry } from '../../tracker/src/location-table.ts';
import { TABLE_ZONES } from '../../tracker/src/location-zones.ts';
import { hasTzdata, tableFor, zoneCountries } from '../../tracker/testing/time-zones.ts';

describe('tracker location table', { skip: hasTzdata() ? false : 'no tzdata in /usr/share/zoneinfo' }, () => {
  const all = hasTzdata() ? zoneCountries() : new Map<string, string>();

  it('is generated from location-zones.ts (run tracker/testing/time-zones.ts --write)', () => {
    const source = readFileSync(new URL('../../tracker/src/location-table.ts', import.meta.url), 'utf8');
    assert.equal(/^const TABLE = '(.*)';$/m.exec(source)?.[1], tableFor(TABLE_ZONES, all));
  });

  it('maps every listed zone to its country', () => {
    for (const zone of TABLE_ZONES) assert.equal(zoneCountry(zone), all.get(zone), zone);
    assert.equal(zoneCountry('Asia/Calcutta'), 'IN');
    assert.equal(zoneCountry('Europe/Kiev'), 'UA');
  });

  it('never maps a zone or alias to a wrong country', () => {
    const wrong = [...all].filter(([zone, cc]) => zoneCountry(zone) !== '' && zoneCountry(zone) !== cc);
    assert.deepEqual(wrong, []);
    assert.equal(zoneCountry('Etc/UTC'), '');
    assert.equal(zoneCountry('UTC'), '');
  });
});
