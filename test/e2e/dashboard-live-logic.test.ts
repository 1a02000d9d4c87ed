/** The live view's pure parts: which failures mean "offline", and the realtime rows taken apart by section. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ApiError } from "../../dashboard/src/api/api-error.ts";
import type { RealtimeRow } from "../../dashboard/src/api/pipe-rows.ts";
import { isOffline, livePanelData, offlineMessage } from "../../dashboard/src/lib/live-panel.ts";

const row = (section: string, time: string, name: string, visitors: number, pageviews: number): RealtimeRow => ({ section, time, name, visitors, pageviews });

describe("live view logic", () => {
  test("offline: the server unreachable (0) or failing (5xx); a refused token or a bad parameter is not", () => {
    assert.deepEqual([0, 500, 502, 503, 400, 401, 403, 404, 429].map((status) => isOffline(new ApiError(status, "x"))), [true, true, true, true, false, false, false, false, false]);
    assert.equal(isOffline(undefined), false);
    assert.equal(offlineMessage(new ApiError(0, "Cannot reach the server (Failed to fetch)")), "Offline: cannot reach the server");
    assert.equal(offlineMessage(new ApiError(503, "queue timeout")), "Offline: the server failed (503)");
  });

  test("rows by section, minutes in order, zeros when a section is missing", () => {
    const rows = [
      row("current", "2026-12-06 10:25:00", "", 2, 3),
      row("total", "2026-12-06 10:01:00", "", 5, 9),
      row("minute", "2026-12-06 10:01:00", "", 1, 1),
      row("minute", "2026-12-06 10:02:00", "", 0, 0),
      row("page", "2026-12-06 10:01:00", "/", 4, 6),
      row("source", "2026-12-06 10:01:00", "", 3, 5),
      row("source", "2026-12-06 10:01:00", "Google", 2, 4),
    ];
    assert.deepEqual(livePanelData(rows), {
      current: { visitors: 2, pageviews: 3 },
      total: { visitors: 5, pageviews: 9 },
      minutes: [
        { time: "2026-12-06 10:01:00", visitors: 1, pageviews: 1 },
        { time: "2026-12-06 10:02:00", visitors: 0, pageviews: 0 },
      ],
      pages: [{ name: "/", visitors: 4, pageviews: 6 }],
      sources: [
        { name: "", visitors: 3, pageviews: 5 },
        { name: "Google", visitors: 2, pageviews: 4 },
      ],
    });
    assert.deepEqual(livePanelData([]), { current: { visitors: 0, pageviews: 0 }, total: { visitors: 0, pageviews: 0 }, minutes: [], pages: [], sources: [] });
  });
});
