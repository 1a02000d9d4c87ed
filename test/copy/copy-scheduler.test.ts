/** The copy scheduler with a hand-moved clock: on time, never stacked, replaced by a new build, stopped. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseCopySchedule } from "../../src/copy/copy-schedule.ts";
import { CopyScheduler, type ScheduledPipe } from "../../src/copy/copy-scheduler.ts";
import { FakeClock } from "./fake-clock.ts";

const START = Date.parse("2024-05-01T10:00:30Z");

function pipe(name: string, cron: string): ScheduledPipe {
  const schedule = parseCopySchedule(cron);
  if (schedule.kind !== "cron") throw new Error("not a cron");
  return { name, next: schedule.next, last: schedule.last };
}

function setup() {
  const clock = new FakeClock(START);
  const fired: string[] = [];
  const scheduler = new CopyScheduler((name, at) => fired.push(`${name}@${at.toISOString()}`), clock);
  return { clock, fired, scheduler };
}

describe("CopyScheduler", () => {
  test("fires each pipe when its cron says, in UTC", () => {
    const { clock, fired, scheduler } = setup();
    scheduler.set([pipe("every_minute", "* * * * *"), pipe("every_5", "*/5 * * * *")]);
    clock.advance(5 * 60_000);
    assert.deepEqual(fired, [
      "every_minute@2024-05-01T10:01:00.000Z",
      "every_minute@2024-05-01T10:02:00.000Z",
      "every_minute@2024-05-01T10:03:00.000Z",
      "every_minute@2024-05-01T10:04:00.000Z",
      "every_minute@2024-05-01T10:05:00.000Z",
      "every_5@2024-05-01T10:05:00.000Z",
    ]);
  });

  test("after a long pause a pipe runs once, for the latest run it missed, not once per missed run", () => {
    const { clock, fired, scheduler } = setup();
    scheduler.set([pipe("every_minute", "* * * * *")]);
    clock.jump(10 * 60_000);
    assert.deepEqual(fired, ["every_minute@2024-05-01T10:10:00.000Z"]);
    assert.equal(scheduler.planned().get("every_minute")?.toISOString(), "2024-05-01T10:11:00.000Z");
    clock.advance(60_000);
    assert.deepEqual(fired, ["every_minute@2024-05-01T10:10:00.000Z", "every_minute@2024-05-01T10:11:00.000Z"]);
  });

  test("a far-off run is waited for in steps of at most a minute, and fires on time", () => {
    const { clock, fired, scheduler } = setup();
    scheduler.set([pipe("yearly", "0 0 1 1 *")]);
    clock.advance(3600_000);
    assert.deepEqual(fired, []);
    assert.equal(clock.pending(), 1);
    clock.advance(Date.parse("2025-01-01T00:00:00Z") - clock.now());
    assert.deepEqual(fired, ["yearly@2025-01-01T00:00:00.000Z"]);
  });

  test("a new set of schedules replaces the old one: a pipe left out no longer runs", () => {
    const { clock, fired, scheduler } = setup();
    scheduler.set([pipe("a", "* * * * *"), pipe("b", "* * * * *")]);
    clock.advance(60_000);
    scheduler.set([pipe("b", "*/2 * * * *")]);
    clock.advance(3 * 60_000);
    assert.deepEqual(fired, ["a@2024-05-01T10:01:00.000Z", "b@2024-05-01T10:01:00.000Z", "b@2024-05-01T10:02:00.000Z", "b@2024-05-01T10:04:00.000Z"]);
  });

  test("nothing scheduled, nothing armed; stopped, nothing fires", () => {
    const { clock, fired, scheduler } = setup();
    scheduler.set([]);
    assert.equal(clock.pending(), 0);
    scheduler.set([pipe("a", "* * * * *")]);
    scheduler.stop();
    assert.equal(clock.pending(), 0);
    clock.advance(10 * 60_000);
    assert.deepEqual(fired, []);
    scheduler.set([pipe("a", "* * * * *")]);
    assert.equal(clock.pending(), 0);
  });
});
