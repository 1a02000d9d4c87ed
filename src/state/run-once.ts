/**
 * Work done once per key and tick across every node sharing a ClickHouse: a copy pipe's
 * scheduled run, which each node's scheduler fires. Holding the lease named after the key
 * (deploy-lease.ts), a node reads the last tick recorded for the key (`_aviary_state`,
 * one row per key, replaced) and runs only a later tick, then records it.
 *
 * The record is written after the work, not before: a node that dies mid-run (or stalls
 * past the lease) leaves its tick unrecorded, and a node still waiting for that tick runs
 * it again once the lease lapses, so a tick is not lost with its node. That second run may
 * repeat what the first committed; the work must make that harmless (a copy's append
 * carries the tick's deduplication token, a replace is the same replace). A run that fails
 * is a run: it is recorded, and the other nodes do not repeat a failure.
 */
import type { Engine } from "../engine/engine.ts";
import type { KeyedState } from "./clickhouse-state.ts";
import { withLease } from "./deploy-lease.ts";

/**
 * What a store's `runOnce` is: `work` answers whether it ran (false: cancelled before it
 * started; nothing is recorded). True when this node ran the tick, false when another node
 * ran it or a later one.
 */
export type RunOnce = (key: string, tick: Date, work: () => Promise<boolean>, signal?: AbortSignal) => Promise<boolean>;

export function sharedRunOnce(engine: Engine, cluster: string | undefined, state: KeyedState): RunOnce {
  return (key, tick, work, signal) =>
    withLease(
      engine,
      cluster,
      key,
      async () => {
        const at = tick.toISOString();
        // ISO times of one format order as text.
        const last = (await state.read(key)).get(key);
        if (last !== undefined && last >= at) return false;
        if (!(await work())) return false;
        await state.write([[key, at]]);
        return true;
      },
      signal,
    );
}

/** One node (the data directory's state): nobody to share the tick with. */
export const localRunOnce: RunOnce = (_key, _tick, work) => work();
