/**
 * IP geolocation as the Events API route uses it: opened once at start (database and
 * trusted proxies), then asked per request for the client's place. The address is
 * resolved and looked up here and goes no further: only the place is handed on.
 */
import type { Logger } from "pino";
import type { Config } from "../../config.ts";
import { clientAddress, TrustedProxies } from "./client-address.ts";
import { openGeoDatabase } from "./geo-database.ts";
import type { Place } from "./place-rewrite.ts";

export interface Geolocator {
  /** The place of the request's client, from its TCP peer and `X-Forwarded-For` header. */
  placeOf(peer: string | undefined, forwardedFor: string | undefined): Place | undefined;
}

/** Undefined when turned off, or when the database cannot be read (then said once, and events are taken without places). */
export async function openGeolocator(config: Pick<Config, "ipGeolocation" | "trustedProxies">, logger: Logger): Promise<Geolocator | undefined> {
  if (!config.ipGeolocation) {
    logger.info("IP geolocation is off (--no-ip-geolocation): events get no country, region or city from the visitor's address");
    return undefined;
  }
  const proxies = new TrustedProxies(config.trustedProxies);
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
    `IP geolocation: ${name} (built ${builtAt.toISOString().slice(0, 10)}); ${proxies.size === 0 ? "X-Forwarded-For is ignored (no --trusted-proxies)" : `X-Forwarded-For is read from ${proxies.size} trusted prox${proxies.size === 1 ? "y" : "ies"}`}`,
  );
  return {
    placeOf(peer, forwardedFor) {
      const address = clientAddress(peer, forwardedFor, proxies);
      return address && database.lookup(address);
    },
  };
}
