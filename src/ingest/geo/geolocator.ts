/**
 * IP geolocation as the Events API route uses it: opened once at start, then asked per
 * request for the place of the client's address (resolved by the route, trusted proxies
 * included). The address goes no further: only the place is handed on.
 */
import type { Logger } from "pino";
import type { Config } from "../../config.ts";
import type { Address } from "./client-address.ts";
import { openGeoDatabase } from "./geo-database.ts";
import type { Place } from "./place-rewrite.ts";

export interface Geolocator {
  /** The place of the request's client (clientAddress), undefined when it has none or is not known. */
  placeOf(address: Address | undefined): Place | undefined;
}

/** Undefined when turned off, or when the database cannot be read (then said once, and events are taken without places). */
export async function openGeolocator(config: Pick<Config, "ipGeolocation" | "trustedProxies">, logger: Logger): Promise<Geolocator | undefined> {
  if (!config.ipGeolocation) {
    logger.info("IP geolocation is off (--no-ip-geolocation): events get no country, region or city from the visitor's address");
    return undefined;
  }
  const proxyCount = config.trustedProxies.length;
  let database;
  try {
    database = await openGeoDatabase();
  } catch (err) {
    logger.error({ err }, "IP geolocation is off: its database could not be read; run npm ci again, or start with --no-ip-geolocation");
    return undefined;
  }
  const { name, package: pkg, builtAt } = database.info;
  logger.info(
    { database: name, package: pkg, built: builtAt.toISOString().slice(0, 10), trustedProxies: config.trustedProxies },
    `IP geolocation: ${name} (built ${builtAt.toISOString().slice(0, 10)}); ${proxyCount === 0 ? "X-Forwarded-For is ignored (no --trusted-proxies)" : `X-Forwarded-For is read from ${proxyCount} trusted prox${proxyCount === 1 ? "y" : "ies"}`}`,
  );
  return {
    placeOf: (address) => address && database.lookup(address),
  };
}
