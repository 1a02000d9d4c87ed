/**
 * Ground truth for the tracker's time-zone → country table, from the system tzdata
 * (/usr/share/zoneinfo: zone.tab for countries, tzdata.zi for every zone and alias).
 * Used by test/e2e/tracker-location.test.ts, and to regenerate the table in location-table.ts:
 *   node --import tsx tracker/testing/time-zones.ts [--write]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ZONEINFO = process.env.ZONEINFO ?? '/usr/share/zoneinfo';

export const hasTzdata = (): boolean => existsSync(`${ZONEINFO}/zone.tab`) && existsSync(`${ZONEINFO}/tzdata.zi`);

/** Every zone and alias name with its country ("" for Etc/UTC, EST5EDT and other country-less names). */
export function zoneCountries(): Map<string, string> {
  const country = new Map<string, string>();
  for (const line of readFileSync(`${ZONEINFO}/zone.tab`, 'utf8').split('\n')) {
    const [cc, , zone] = line.split('\t');
    if (cc && zone && !cc.startsWith('#')) country.set(zone, cc);
  }
  const out = new Map<string, string>();
  for (const line of readFileSync(`${ZONEINFO}/tzdata.zi`, 'utf8').split('\n')) {
    const [kind, a, b] = line.split(' ');
    // "Z name …" is a zone; "L target alias" an alias. zone.tab wins: since 2022 some capitals
    // (Europe/Amsterdam, Europe/Oslo) are aliases of another country's zone.
    if (kind == 'Z' && a) out.set(a, country.get(a) ?? '');
    if (kind == 'L' && a && b) out.set(b, country.get(b) ?? country.get(a) ?? '');
  }
  return out;
}

const last = (zone: string): string => zone.split('/').pop()!;

/**
 * The shortest prefix of the zone's last segment that no zone of another country (or of no
 * country) starts with; the table stores these prefixes to fit the size budget.
 */
export function shortestPrefix(zone: string, all: Map<string, string>): string {
  const cc = all.get(zone);
  const city = last(zone);
  for (let n = 2; n <= city.length; n++) {
    const p = city.slice(0, n);
    if ([...all].every(([z, c]) => !last(z).startsWith(p) || c == cc)) return p;
  }
  return city;
}

/** The table string ("CC prefix prefix … CC …") for zones given in priority order. */
export function tableFor(zones: string[], all = zoneCountries()): string {
  const groups = new Map<string, string[]>();
  for (const zone of zones) {
    const cc = all.get(zone);
    if (!cc) throw new Error(`unknown or country-less zone ${zone}`);
    const list = groups.get(cc) ?? [];
    const p = shortestPrefix(zone, all);
    if (!list.some((q) => p.startsWith(q))) list.push(p);
    groups.set(cc, list);
  }
  return [...groups].map(([cc, ps]) => `${cc} ${ps.join(' ')}`).join(' ');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { TABLE_ZONES } = await import('../src/location-zones.ts');
  const table = tableFor(TABLE_ZONES);
  console.log(table);
  if (process.argv.includes('--write')) {
    const file = fileURLToPath(new URL('../src/location-table.ts', import.meta.url));
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^const TABLE = .*;$/m, `const TABLE = '${table}';`));
  }
}
