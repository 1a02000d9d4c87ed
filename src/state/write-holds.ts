/**
 * Write holds across the nodes in front of one ClickHouse server: the record a data
 * operation or a backup uses to pause every other node's inserts (data-ops/other-nodes.ts).
 * One append-only table of timed rows, judged by the server's clock (now64), so nodes'
 * clocks do not matter:
 * - `alive`: a node's heartbeat, live until its `expires_at`;
 * - `hold`: a node holds everyone else's writes until `expires_at` (renewed while it works);
 * - `paused`: a node has paused its writes for a hold, its inserts under way finished;
 * - `released`: the hold is over.
 * One server shows every committed insert to every later SELECT, so a node that reads
 * another's `paused` row knows that node inserts nothing more until the hold is released.
 * Cluster mode has none: data operations and backups are refused there.
 */
import { quoteString } from "../engine/ddl.ts";
import { execute, queryRows, type Engine } from "../engine/engine.ts";
import { WRITE_HOLDS_TABLE } from "./state-tables.ts";

export interface ActiveHold {
  readonly hold: string;
  readonly node: string;
  /** When the hold was first taken (server time, text): the older of two holds goes first. */
  readonly since: string;
}

export interface WriteHoldRecord {
  heartbeat(node: string, seconds: number): Promise<void>;
  /** Nodes whose latest heartbeat has not expired (a stopping node's last one expires at once). */
  liveNodes(): Promise<string[]>;
  /** Holds taken, not released, not expired, oldest first. */
  activeHolds(): Promise<ActiveHold[]>;
  /** Takes or renews a hold for `seconds` more. */
  hold(hold: string, node: string, seconds: number): Promise<void>;
  paused(hold: string, node: string): Promise<void>;
  /** Nodes that paused for `hold`. */
  pausedNodes(hold: string): Promise<string[]>;
  release(hold: string, node: string): Promise<void>;
}

export function clickhouseWriteHolds(engine: Engine): WriteHoldRecord {
  const insert = (hold: string, node: string, kind: string, seconds: number) =>
    execute(engine, `INSERT INTO ${WRITE_HOLDS_TABLE} (hold, node, kind, expires_at) VALUES (${quoteString(hold)}, ${quoteString(node)}, '${kind}', now64(3) + INTERVAL ${Math.round(seconds)} SECOND)`);
  return {
    heartbeat: (node, seconds) => insert("", node, "alive", seconds),
    liveNodes: async () =>
      (await queryRows<{ node: string }>(engine, `SELECT node FROM ${WRITE_HOLDS_TABLE} WHERE kind = 'alive' GROUP BY node HAVING argMax(expires_at, at) > now64(3) ORDER BY node`)).map((r) => r.node),
    activeHolds: () =>
      queryRows<ActiveHold>(
        engine,
        `SELECT hold, node, toString(min(at)) AS since FROM ${WRITE_HOLDS_TABLE}
WHERE kind IN ('hold', 'released') AND at > now64(6) - INTERVAL 1 DAY
GROUP BY hold, node
HAVING argMax(kind, at) = 'hold' AND argMax(expires_at, at) > now64(3)
ORDER BY since, node`,
      ),
    hold: (hold, node, seconds) => insert(hold, node, "hold", seconds),
    paused: (hold, node) => insert(hold, node, "paused", 0),
    pausedNodes: async (hold) =>
      (await queryRows<{ node: string }>(engine, `SELECT DISTINCT node FROM ${WRITE_HOLDS_TABLE} WHERE kind = 'paused' AND hold = ${quoteString(hold)} ORDER BY node`)).map((r) => r.node),
    release: (hold, node) => insert(hold, node, "released", 0),
  };
}
