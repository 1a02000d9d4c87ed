/**
 * The dashboard's pure logic, without a browser: the URL ↔ view round trip, periods in a
 * time zone, KPI totals and growth (which must agree with the kit's rule), token
 * inspection, country names and flags.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tokenInfo } from "../../dashboard/src/api/token-info.ts";
import { ApiError } from "../../dashboard/src/api/api-error.ts";
import { countryFlag, countryName } from "../../dashboard/src/lib/countries.ts";
import { growthPercentage, growthText } from "../../dashboard/src/lib/growth.ts";
import { splitCurrentBucket } from "../../dashboard/src/lib/incomplete-bucket.ts";
import { kpiFigure, kpiSpec } from "../../dashboard/src/lib/kpi-metrics.ts";
import { summarizeKpis } from "../../dashboard/src/lib/kpi-totals.ts";
import { addDays, daysBetween, presetRange, todayIn } from "../../dashboard/src/state/date-range.ts";
import { parseViewState, serializeViewState } from "../../dashboard/src/state/view-state.ts";

describe("dashboard view state in the URL", () => {
  it("round-trips every field and leaves defaults out", () => {
    const search = "?tenant=acme&domain=shop.acme.com&from=2025-03-01&to=2025-03-31&tab=vitals&referrer=&chart=bounce_rate&vital=INP&pct=p95&all=pages&page=2&tz=Asia%2FTokyo";
    const state = parseViewState(search);
    assert.equal(state.preset, undefined);
    assert.deepEqual(state.filters, { referrer: "" }, "an empty filter value (direct traffic) is kept");
    assert.equal(serializeViewState(state), search);
    assert.equal(serializeViewState(parseViewState("")), "");
    assert.equal(serializeViewState(parseViewState("?range=7d&tab=overview&chart=visits")), "", "defaults are not written");
  });

  it("falls back to defaults for anything malformed", () => {
    const state = parseViewState("?range=99y&tab=admin&from=2025-02-30&to=2025-01-01&page=-3&tz=Mars%2FOlympus&all=secrets&vital=FID");
    assert.equal(state.preset, "7d");
    assert.equal(state.tab, "overview");
    assert.equal(state.from, undefined);
    assert.equal(state.page, 0);
    assert.equal(state.tz, undefined);
    assert.equal(state.all, undefined);
    assert.equal(state.vital, "LCP");
    assert.equal(parseViewState("?from=2025-03-02&to=2025-03-01").preset, "7d", "a reversed range is not a range");
  });
});

describe("dashboard periods", () => {
  it("counts days in the report's time zone", () => {
    const instant = new Date("2025-03-01T23:30:00Z");
    assert.equal(todayIn("UTC", instant), "2025-03-01");
    assert.equal(todayIn("Europe/Madrid", instant), "2025-03-02");
    assert.equal(todayIn("America/Los_Angeles", instant), "2025-03-01");
    assert.equal(todayIn("Europe/Madrid", new Date("2025-03-30T22:30:00Z")), "2025-03-31", "summer time already applies");
  });

  it("derives each preset from today, across month ends and daylight-saving changes", () => {
    assert.deepEqual(presetRange("today", "2025-03-30"), { from: "2025-03-30", to: "2025-03-30" });
    assert.deepEqual(presetRange("yesterday", "2025-03-01"), { from: "2025-02-28", to: "2025-02-28" });
    assert.deepEqual(presetRange("7d", "2025-03-31"), { from: "2025-03-25", to: "2025-03-31" });
    assert.deepEqual(presetRange("30d", "2024-03-01"), { from: "2024-02-01", to: "2024-03-01" }, "2024 is a leap year");
    assert.deepEqual(presetRange("12m", "2025-06-15"), { from: "2024-06-16", to: "2025-06-15" });
    assert.equal(daysBetween("2025-03-25", "2025-03-31"), 7);
    assert.equal(addDays("2024-12-31", 1), "2025-01-01");
  });
});

describe("dashboard KPI totals", () => {
  it("sums counts and weights per-visit averages by visits", () => {
    const rows = [
      { date: "d1", visits: 10, pageviews: 30, bounce_rate: 0.5, avg_session_sec: 100, previous_visits: 5, previous_pageviews: 10, previous_bounce_rate: 1, previous_avg_session_sec: 0 },
      { date: "d2", visits: 30, pageviews: 50, bounce_rate: 0.1, avg_session_sec: 20, previous_visits: 0, previous_pageviews: 0, previous_bounce_rate: 0, previous_avg_session_sec: 0 },
    ];
    const s = summarizeKpis(rows);
    assert.deepEqual(s.current, { visits: 40, pageviews: 80, bounce_rate: (5 + 3) / 40, avg_session_sec: (1000 + 600) / 40 });
    assert.deepEqual(s.previous, { visits: 5, pageviews: 10, bounce_rate: 1, avg_session_sec: 0 });
    assert.deepEqual(s.growth, { visits: 700, pageviews: 700, bounce_rate: -80, avg_session_sec: 100 });
    assert.deepEqual(summarizeKpis([]).current, { visits: 0, pageviews: 0, bounce_rate: 0, avg_session_sec: 0 });
  });

  it("computes growth by the kit's rule", () => {
    assert.equal(growthPercentage(5, 0), 100);
    assert.equal(growthPercentage(0, 0), 0);
    assert.equal(growthPercentage(1, 3), -66.67);
    assert.equal(growthPercentage(2, 3), -33.33);
    assert.equal(growthPercentage(10, 8), 25);
    // Only the current period has any: "new", not "+100%" (which reads as a doubling).
    const pct = (p: number) => `${p}%`;
    assert.deepEqual([growthText(100, 0, pct), growthText(100, 50, pct), growthText(0, 0, pct), growthText(-100, 3, pct), growthText(100, undefined, pct), growthText(0, 5, pct)], ["new", "100%", "", "-100%", "100%", "0%"]);
  });
});

describe("KPI figures", () => {
  it("an average over no visits is a dash, a count of none is 0", () => {
    assert.deepEqual(
      (["bounce_rate", "avg_session_sec", "visits", "pageviews"] as const).map((id) => kpiFigure(kpiSpec(id), 0, 0)),
      ["—", "—", "0", "0"],
    );
    assert.deepEqual([kpiFigure(kpiSpec("bounce_rate"), 0, 3), kpiFigure(kpiSpec("avg_session_sec"), 0, 3)], ["0%", "0s"], "with visits, 0 is measured");
  });
});

describe("dashboard charts", () => {
  it("draw the current, incomplete bucket apart, joined to the last complete one", () => {
    assert.deepEqual(splitCurrentBucket([3, 5, 2], true), { complete: [3, 5, null], current: [null, 5, 2] });
    assert.deepEqual(splitCurrentBucket([3, 5, 2], false), { complete: [3, 5, 2], current: [null, null, null] });
    assert.deepEqual(splitCurrentBucket([4], true), { complete: [null], current: [4] });
  });
});

describe("dashboard token inspection", () => {
  const jwt = (payload: object) => `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.sig`;

  it("tells static tokens from JWTs and reads a JWT's fixed tenant and expiry", () => {
    assert.deepEqual(tokenInfo("p.eyJ1IjoiYSJ9.x"), { kind: "static" });
    assert.deepEqual(tokenInfo(jwt({ exp: 2_000_000_000, name: "acme", scopes: [{ type: "PIPES:READ", resource: "*", fixed_params: { tenant_id: "acme-ñ" } }] })), {
      kind: "jwt",
      tenantId: "acme-ñ",
      expiresAt: 2_000_000_000_000,
      name: "acme",
      writable: [],
    });
    const writer = { type: "DATASOURCES:APPEND", resource: "analytics_goals", fixed_params: { tenant_id: "acme" } };
    assert.deepEqual(tokenInfo(jwt({ exp: 2_000_000_000, scopes: [{ type: "PIPES:READ", resource: "*", fixed_params: { tenant_id: "acme" } }, writer] })).writable, ["analytics_goals"]);
    assert.deepEqual(tokenInfo("garbage"), { kind: "jwt" });
  });

  it("signs out only for errors about the token itself", () => {
    assert.equal(new ApiError(403, "invalid authentication token. Invalid token b'eyJ…': Signature has expired").isAuth, true);
    assert.equal(new ApiError(403, "invalid authentication token. Invalid token b'eyJ…': Signature has expired").reason, "invalid authentication token: Signature has expired");
    assert.equal(new ApiError(403, "The token you have provided doesn't have access to this resource").isAuth, false);
    assert.equal(new ApiError(400, "[Error] bad").isAuth, false);
  });
});

describe("dashboard countries", () => {
  it("names countries and draws flags from ISO codes", () => {
    assert.equal(countryName("ES"), "Spain");
    assert.equal(countryName("gb"), "United Kingdom");
    assert.equal(countryName(""), "Unknown");
    assert.equal(countryFlag("ES"), "🇪🇸");
    assert.equal(countryFlag("??"), "🌐");
  });
});
