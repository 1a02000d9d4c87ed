/**
 * Several Aviary nodes in front of one ClickHouse server: a data operation or a backup on one
 * node pauses every other node's inserts, as it pauses its own at the write gate, so that no
 * row lands between reading a table and swapping in what was built from it (the row would be
 * lost), and a backup is one instant. The nodes meet in the state's write-hold record
 * (state/write-holds.ts):
 * - every node sends a heartbeat, and follows the holds: when another node holds, it inserts
 *   what it has acknowledged, pauses its own writes at its gate (its inserts under way finish
 *   first), then says so; its Events API keeps acknowledging into the write-ahead log;
 * - the node that holds waits until every live node has paused, then works, renewing its
 *   hold, and releases it. A node that does not pause in time fails the operation (409), as
 *   does another node's hold: the older of two holds goes first.
 * A holder that dies leaves its hold to expire: a minute while it builds, ten while it swaps,
 * since a swap that a crash interrupted is finished when it starts again, and rows inserted
 * meanwhile into the partitions it swaps would be lost.
 */
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { WriteGate } from "../engine/write-gate.ts";
import { errors } from "../errors.ts";
import type { WriteHoldRecord } from "../state/write-holds.ts";

const HOLD_SECONDS = 60;
const SWAP_HOLD_SECONDS = 600;
const RENEW_MS = 15_000;
const HEARTBEAT_MS = 5_000;
/** A node is live while its last heartbeat is this recent. */
const HEARTBEAT_SECONDS = 20;
const FOLLOW_MS = 250;
const PAUSE_WAIT_MS = 30_000;

export interface OtherNodes {
  readonly record: WriteHoldRecord;
  /** This node's id. */
  readonly node: string;
  readonly logger: Logger;
  /** How long a holder waits for every live node to pause. */
  readonly pauseWaitMs?: number;
}

/** What a holder tells the others while it works. */
export interface HeldNodes {
  /** The swap begins: the hold now outlives this node's death long enough for a restart to finish the swap. */
  swapping(): Promise<void>;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function waitForPauses(o: OtherNodes, hold: string): Promise<void> {
  const waitMs = o.pauseWaitMs ?? PAUSE_WAIT_MS;
  const deadline = Date.now() + waitMs;
  for (;;) {
    const [live, paused, holds] = await Promise.all([o.record.liveNodes(), o.record.pausedNodes(hold), o.record.activeHolds()]);
    // Oldest first: another node's hold before this one goes first.
    if (holds[0] && holds[0].hold !== hold) throw errors.otherNodeHolds(holds[0].node);
    const missing = live.filter((n) => n !== o.node && !paused.includes(n));
    if (missing.length === 0) return;
    if (Date.now() > deadline) throw errors.nodesDidNotPause(missing, Math.round(waitMs / 1000));
    await sleep(100);
  }
}

/** Runs `work` once every other live node has paused its writes; they resume when it ends. */
export async function holdingOtherNodes<T>(o: OtherNodes, work: (held: HeldNodes) => Promise<T>): Promise<T> {
  const busy = (await o.record.activeHolds()).find((h) => h.node !== o.node);
  if (busy) throw errors.otherNodeHolds(busy.node);
  const hold = randomUUID();
  let seconds = HOLD_SECONDS;
  await o.record.hold(hold, o.node, seconds);
  const renewal = setInterval(() => void o.record.hold(hold, o.node, seconds).catch((err: unknown) => o.logger.warn({ err }, "could not renew the write hold; trying again")), RENEW_MS);
  try {
    await waitForPauses(o, hold);
    return await work({
      swapping: async () => {
        seconds = SWAP_HOLD_SECONDS;
        await o.record.hold(hold, o.node, seconds);
      },
    });
  } finally {
    clearInterval(renewal);
    await release(o, hold);
  }
}

/** Tried a few times: a hold left standing keeps every other node paused until it expires, ten minutes after a swap. */
async function release(o: OtherNodes, hold: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await o.record.release(hold, o.node);
    } catch (err) {
      if (attempt === 5) return o.logger.warn({ err, hold }, "could not release the write hold; the other nodes resume when it expires");
      await sleep(1000 * attempt);
    }
  }
}

/** Holds back this node's writes at `gate` until the returned function is called; resolves once the writes under way have finished. */
async function pauseWrites(gate: WriteGate): Promise<() => void> {
  let resume!: () => void;
  const resumed = new Promise<void>((done) => (resume = done));
  await new Promise<void>((paused) => void gate.alone(() => (paused(), resumed)));
  return resume;
}

/**
 * This node's part: heartbeats, and its writes paused while another node holds. Its own
 * holds left by an earlier run (a crash) are released first: the write-ahead log's replay
 * and the journal's swaps are done by then. The first look at the holds is done when this
 * resolves, so nothing is inserted before it. `stop` waits for a pause under way to end.
 */
export async function followWriteHolds(o: OtherNodes & { readonly gate: WriteGate; readonly flush: () => Promise<void> }): Promise<{ stop(): Promise<void> }> {
  const { record, node, logger, gate, flush } = o;
  for (const stale of (await record.activeHolds()).filter((h) => h.node === node)) await record.release(stale.hold, node);
  await record.heartbeat(node, HEARTBEAT_SECONDS);
  let resume: (() => void) | undefined;
  const acknowledged = new Set<string>();
  const follow = async () => {
    const holds = (await record.activeHolds()).filter((h) => h.node !== node);
    if (holds.length === 0) {
      if (resume) logger.info("writes resumed: no other node holds them");
      resume?.();
      resume = undefined;
      acknowledged.clear();
      return;
    }
    const fresh = holds.filter((h) => !acknowledged.has(h.hold));
    if (fresh.length === 0) return;
    if (resume) {
      // Paused for an earlier hold, this node kept acknowledging into its write-ahead log: a new
      // hold is answered only once those events are in too, so after the earlier holds end.
      if (fresh.length < holds.length) return;
      resume();
      resume = undefined;
    }
    // What this node acknowledged before the hold goes in first, as the holder's own does:
    // a backup must hold it, and a delete must not see it come back afterwards.
    await flush();
    resume = await pauseWrites(gate);
    logger.info({ holder: holds[0]!.node }, "writes paused: another node runs a data operation or a backup");
    for (const h of fresh) {
      await record.paused(h.hold, node);
      acknowledged.add(h.hold);
    }
  };
  await follow();
  let running = false;
  let stopping = false;
  let stopped!: () => void;
  const done = new Promise<void>((resolve) => (stopped = resolve));
  const beat = setInterval(() => void record.heartbeat(node, HEARTBEAT_SECONDS).catch((err: unknown) => logger.warn({ err }, "could not send this node's heartbeat; trying again")), HEARTBEAT_MS);
  // Unreferenced, except while writes are paused (and once stopping): a pause keeps the process until it ends.
  const referenced = () => (resume || stopping ? timer.ref() : timer.unref());
  const timer = setInterval(() => {
    if (running) return;
    if (stopping && !resume) {
      clearInterval(timer);
      stopped();
      return;
    }
    running = true;
    follow()
      .catch((err: unknown) => logger.warn({ err }, "could not read the write holds; trying again"))
      .finally(() => {
        running = false;
        referenced();
      });
  }, FOLLOW_MS);
  beat.unref();
  referenced();
  return {
    stop: async () => {
      clearInterval(beat);
      stopping = true;
      // The next tick ends it, or, during a pause, the first once the pause is over.
      referenced();
      await done;
      // No holder waits for a node that has stopped.
      await record.heartbeat(node, 0).catch((err: unknown) => logger.warn({ err }, "could not tell the other nodes this one stopped; they count it live for 20 s more"));
    },
  };
}
