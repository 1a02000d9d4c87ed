/**
 * One holder at a time across nodes (the deploy; a copy pipe's scheduled run): a named
 * lease row in ClickHouse (name, owner, expires_at), held
 * for LEASE_SECONDS and renewed every quarter of that while the work runs, released after.
 * Expiry is judged by the server's clock (now64), so nodes' clocks do not matter.
 *
 * Two ways to take it, because ClickHouse has no conditional insert outside Keeper:
 * - cluster (KeeperMap, `keeper_map_strict_mode`): an INSERT of an existing key fails, so
 *   exactly one insert wins; an expired lease is deleted by a DELETE naming its owner and
 *   expiry, which does nothing once someone else holds it. Linearizable through Keeper.
 * - one server (the claims table; also the test double): a node appends a claim, reads the
 *   live claims back, and holds the lease only if its own is the only one; otherwise it
 *   withdraws and retries after a random pause. Two nodes cannot both see themselves alone:
 *   whichever read comes second started after the other's insert returned, and one server
 *   shows every committed insert to every later SELECT. Both may see each other and back
 *   off (then one goes alone next time). Not safe on replicas that lag: that is the cluster's way.
 * A holder stalled past its expiry (a paused process) may overlap the next holder; the
 * deploy's statements are idempotent (IF NOT EXISTS, the record) to make that survivable, and
 * so is a scheduled copy's append (its tick's deduplication token, run-copy.ts).
 */
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { quoteString } from "../engine/ddl.ts";
import { execute, queryRows, type Engine } from "../engine/engine.ts";
import { LEASE_TABLE } from "./state-tables.ts";

const LEASE_SECONDS = 60;
const STRICT = { keeper_map_strict_mode: 1 };

interface Lease {
  /** True once held. */
  tryAcquire(): Promise<boolean>;
  renew(): Promise<void>;
  release(): Promise<void>;
}

const until = (seconds: number) => (seconds > 0 ? `now64(3) + INTERVAL ${seconds} SECOND` : "toDateTime64(0, 3)");

function claimsLease(engine: Engine, name: string, owner: string): Lease {
  const named = quoteString(name);
  const claim = (seconds: number) => execute(engine, `INSERT INTO ${LEASE_TABLE} (name, owner, expires_at) VALUES (${named}, ${owner}, ${until(seconds)})`);
  return {
    tryAcquire: async () => {
      await claim(LEASE_SECONDS);
      // Each owner's latest claim counts; a withdrawn or lapsed one has expired.
      const live = await queryRows<{ owner: string }>(
        engine,
        `SELECT owner FROM (SELECT owner, argMax(expires_at, claimed_at) AS until FROM ${LEASE_TABLE} WHERE name = ${named} GROUP BY owner) WHERE until > now64(3)`,
      );
      if (live.length === 1 && quoteString(live[0]!.owner) === owner) return true;
      await claim(0);
      return false;
    },
    renew: () => claim(LEASE_SECONDS),
    release: () => claim(0),
  };
}

function keeperLease(engine: Engine, name: string, owner: string): Lease {
  const named = quoteString(name);
  return {
    tryAcquire: async () => {
      try {
        await execute(engine, `INSERT INTO ${LEASE_TABLE} (name, owner, expires_at) VALUES (${named}, ${owner}, ${until(LEASE_SECONDS)})`, STRICT);
        return true;
      } catch {
        // Held by someone (or the insert's answer was lost): look.
      }
      const [row] = await queryRows<{ owner: string; expires_at: string; expired: number }>(
        engine,
        `SELECT owner, toString(expires_at) AS expires_at, expires_at < now64(3) AS expired FROM ${LEASE_TABLE} WHERE name = ${named}`,
      );
      if (row && quoteString(row.owner) === owner) return true;
      if (row?.expired) {
        const exact = `name = ${named} AND owner = ${quoteString(row.owner)} AND expires_at = toDateTime64(${quoteString(row.expires_at)}, 3)`;
        await execute(engine, `DELETE FROM ${LEASE_TABLE} WHERE ${exact}`, STRICT).catch(() => undefined);
      }
      return false;
    },
    renew: () => execute(engine, `ALTER TABLE ${LEASE_TABLE} UPDATE expires_at = ${until(LEASE_SECONDS)} WHERE name = ${named} AND owner = ${owner}`, STRICT),
    release: () => execute(engine, `DELETE FROM ${LEASE_TABLE} WHERE name = ${named} AND owner = ${owner}`, STRICT),
  };
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Runs `work` holding the lease `name`; waits (retrying every 0.2–0.8 s) while another
 * holder has it, and stops waiting (throwing the signal's reason) once `signal` aborts.
 */
export async function withLease<T>(engine: Engine, cluster: string | undefined, name: string, work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  const owner = quoteString(`${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`);
  const lease = cluster === undefined ? claimsLease(engine, name, owner) : keeperLease(engine, name, owner);
  while (!(await lease.tryAcquire())) {
    signal?.throwIfAborted();
    await pause(200 + Math.random() * 600);
  }
  // A failed renewal is tried again at the next tick; the work itself decides nothing by it.
  const renewal = setInterval(() => void lease.renew().catch(() => undefined), (LEASE_SECONDS * 1000) / 4);
  try {
    return await work();
  } finally {
    clearInterval(renewal);
    await lease.release().catch(() => undefined);
  }
}

/** Runs `work` holding the deploy lease, waiting as long as another node deploys. */
export function withDeployLease<T>(engine: Engine, cluster: string | undefined, work: () => Promise<T>): Promise<T> {
  return withLease(engine, cluster, "deploy", work);
}
