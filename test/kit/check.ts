/** Compares an endpoint's answer with the reference over HTTP, at the moment of the query. */
import { assertRows } from "./compare.ts";
import type { KitServer } from "./kit-server.ts";
import type { Params, Row } from "./reference.ts";

export type Check = (pipe: string, params: Params, expected: (now: number) => Row[]) => Promise<void>;

/**
 * An answer whose statement reads the clock may come from the result cache, computed up to
 * this long before the request (README, "Result cache"): its last minute may be the one before.
 */
const CLOCK_ANSWER_SECONDS = 10;

/**
 * `check(pipe, params, expected)` compares with the reference at the query's `now` (epoch
 * seconds); retried when the expectation changes while the query runs (a minute boundary).
 * An answer matching the reference of up to CLOCK_ANSWER_SECONDS earlier passes too.
 */
export function checker(server: () => KitServer, compare: typeof assertRows = assertRows): Check {
  return async (pipe, params, expected) => {
    for (let attempt = 0; ; attempt++) {
      const t0 = Math.floor(Date.now() / 1000);
      const actual = await server().query(pipe, params);
      const t1 = Math.floor(Date.now() / 1000);
      const want = expected(t0);
      if (JSON.stringify(want) !== JSON.stringify(expected(t1)) && attempt < 3) continue;
      const cached = expected(t0 - CLOCK_ANSWER_SECONDS);
      if (JSON.stringify(cached) !== JSON.stringify(want)) {
        try {
          compare(actual, cached, `${pipe} ${JSON.stringify(params)}`);
          return;
        } catch {
          // Not the earlier answer either: compared with the current one below, for its message.
        }
      }
      compare(actual, want, `${pipe} ${JSON.stringify(params)}`);
      return;
    }
  };
}
