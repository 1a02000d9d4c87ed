/**
 * Parameters out of range are refused before any SQL runs, with Tinybird's 400 for a
 * template error and a message naming the parameter and what it accepts; the default
 * period is the dashboard's "Last 7 days". Every endpoint that declares such a parameter
 * is asked over HTTP; the lists below are checked against the kit's own declarations, so
 * a new endpoint cannot slip past them.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { presetRange, todayIn } from "../../dashboard/src/state/date-range.ts";
import { DEFAULT_PRESET } from "../../dashboard/src/state/view-state.ts";
import { node, p } from "aviary/schema";
import * as kit from "../../kit/index.ts";
import { withChecks } from "../../kit/sql/checks.ts";
import { startKitServer, type KitServer } from "./kit-server.ts";

const DOCUMENTATION = "https://docs.tinybird.co/query/query-parameters.html";
// December 31 of next year, at the time the test runs.
const LAST_DAY = `${new Date().getUTCFullYear() + 1}-12-31`;
const AFTER_LAST_DAY = `${new Date().getUTCFullYear() + 2}-01-01`;

const VISIT_TOPS = [
  "top_sources", "top_channels", "top_utm_sources", "top_utm_mediums", "top_utm_campaigns", "top_utm_terms", "top_utm_contents",
  "top_entry_pages", "top_exit_pages", "top_os", "top_os_versions", "top_screens", "top_regions", "top_cities", "top_languages",
];
const EVENT_TOPS = ["top_events", "event_properties", "top_event_property_values"];
const TOPS = ["top_pages", "top_locations", "top_browsers", "top_devices", ...VISIT_TOPS, ...EVENT_TOPS, "goals", "page_engagement"];
const PERIOD = ["kpis", "traffic_by_hour", ...TOPS, "web_vitals_current", "web_vitals_distribution", "web_vitals_routes", "web_vitals_timeseries", "funnel"];
/** Parameters an endpoint cannot answer without (with them, only the checked one is wrong). */
const REQUIRED: Readonly<Record<string, Record<string, string>>> = {
  funnel: { step1: "page:/**", step2: "page:/**" },
  event_properties: { event: "click" },
  top_event_property_values: { event: "click", property: "element" },
};
const DECLARING: Readonly<Record<string, readonly string[]>> = {
  compare: ["kpis", ...TOPS, "web_vitals_distribution", "funnel"],
  limit: ["analytics_hits", ...TOPS, "web_vitals_routes", "web_vitals_events"],
  skip: [...TOPS, "web_vitals_routes", "web_vitals_events"],
  page: ["analytics_hits"],
  days: ["web_vitals_current", "web_vitals_routes"],
  date_from: PERIOD,
  date_to: PERIOD,
  from_date: ["analytics_hits", "web_vitals_events"],
  to_date: ["analytics_hits", "web_vitals_events"],
  tz: [...PERIOD, "trend", "web_vitals_events"],
};

/** Endpoints of the kit that declare `param`, from the definitions themselves. */
function declaring(param: string): string[] {
  return Object.values(kit)
    .filter((d) => "_params" in d && d._params && param in d._params && (d as { options?: { endpoint?: unknown } }).options?.endpoint)
    .map((d) => d._name)
    .sort();
}

/** [parameters, the exact error] for each refused value of a parameter. */
const NO_ZONE = "tz must be a time zone name such as Europe/Madrid or UTC";
const REFUSED: Readonly<Record<string, readonly [Record<string, string>, string][]>> = {
  // A quote once reached ClickHouse, whose syntax error quoted the query around it.
  tz: [
    [{ tz: "UTC'" }, NO_ZONE],
    [{ tz: "Europe/Madrid') OR 1=1 --" }, NO_ZONE],
    [{ tz: "{{tenant_id}}" }, NO_ZONE],
    [{ tz: "A".repeat(65) }, NO_ZONE],
  ],
  compare: [
    [{ compare: "month", include_previous_period: "true" }, "compare must be one of previous, year, got month"],
    [{ compare: "" }, "compare must be one of previous, year, got "],
  ],
  limit: [
    [{ limit: "-5" }, "limit must be between 0 and 100000, got -5"],
    [{ limit: "100001" }, "limit must be between 0 and 100000, got 100001"],
  ],
  skip: [
    [{ skip: "-1" }, "skip must be between 0 and 1000000, got -1"],
    [{ skip: "1000001" }, "skip must be between 0 and 1000000, got 1000001"],
  ],
  page: [
    [{ page: "-1" }, "page must be between 0 and 1000000, got -1"],
    [{ page: "1000001" }, "page must be between 0 and 1000000, got 1000001"],
  ],
  days: [
    [{ days: "0" }, "days must be between 1 and 3650, got 0"],
    [{ days: "-3" }, "days must be between 1 and 3650, got -3"],
    [{ days: "3651" }, "days must be between 1 and 3650, got 3651"],
  ],
  ...Object.fromEntries(
    ["date_from", "date_to", "from_date", "to_date"].map((p) => [
      p,
      [
        [{ [p]: "1900-01-01" }, `${p} must be between 2000-01-01 and ${LAST_DAY}, got 1900-01-01`],
        [{ [p]: "1999-12-31" }, `${p} must be between 2000-01-01 and ${LAST_DAY}, got 1999-12-31`],
        [{ [p]: AFTER_LAST_DAY }, `${p} must be between 2000-01-01 and ${LAST_DAY}, got ${AFTER_LAST_DAY}`],
      ],
    ]),
  ),
};

/** The bounds themselves are accepted. */
const ACCEPTED: Readonly<Record<string, Record<string, string>>> = {
  tz: { tz: "America/Argentina/Buenos_Aires" },
  compare: { compare: "year", include_previous_period: "true" },
  limit: { limit: "100000" },
  skip: { skip: "1000000" },
  page: { page: "1000000", limit: "1" },
  days: { days: "3650" },
  date_from: { date_from: "2000-01-01", date_to: "2000-01-02" },
  date_to: { date_from: `${LAST_DAY.slice(0, 4)}-12-30`, date_to: LAST_DAY },
  from_date: { from_date: "2000-01-01", to_date: "2000-01-02" },
  to_date: { from_date: `${LAST_DAY.slice(0, 4)}-12-30`, to_date: LAST_DAY },
};

test("checks go first in the first node, without a % marker line (the SDK's generator and the loader add one)", () => {
  const [checked] = withChecks({ params: { limit: p.int32() }, nodes: [node({ name: "plain", sql: "SELECT 1" })] }).nodes;
  assert.match(checked!.sql, /^\{% if defined\(limit\)[^\n]*\nSELECT 1$/);
  const unchecked = { params: { metric: p.string() }, nodes: [node({ name: "plain", sql: "SELECT 1" })] };
  assert.equal(withChecks(unchecked), unchecked, "no checked parameter: left as it is");
});

describe("kit parameter checks", () => {
  let server: KitServer;
  before(async () => {
    server = await startKitServer();
  });
  after(() => server?.stop());

  async function refused(pipe: string, params: Record<string, string>, message: string): Promise<void> {
    const res = await server.fetchPipe(pipe, params);
    const body = await res.text();
    assert.equal(res.status, 400, `${pipe} ${JSON.stringify(params)}: ${body}`);
    assert.deepEqual(JSON.parse(body), { error: message, documentation: DOCUMENTATION }, `${pipe} ${JSON.stringify(params)}`);
  }

  test("the lists here are every endpoint declaring each checked parameter", () => {
    for (const [param, pipes] of Object.entries(DECLARING)) assert.deepEqual(declaring(param), [...pipes].sort(), param);
  });

  for (const [param, pipes] of Object.entries(DECLARING)) {
    test(`${param}: out of range is a 400 naming it and its range, on ${pipes.join(", ")}`, async () => {
      for (const pipe of pipes) for (const [params, message] of REFUSED[param]!) await refused(pipe, params, message);
    });
    test(`${param}: the bounds are accepted`, async () => {
      for (const pipe of pipes) {
        const res = await server.fetchPipe(pipe, { ...REQUIRED[pipe], ...ACCEPTED[param]! });
        assert.equal(res.status, 200, `${pipe} ${JSON.stringify(ACCEPTED[param])}: ${await res.text()}`);
      }
    });
  }

  test("a JSON body's list or object gets the same 400 as a text (tz, funnel steps), not ClickHouse's error or a 500", async () => {
    const post = async (pipe: string, body: object) => {
      const res = await fetch(`${server.url}/v0/pipes/${pipe}.json`, { method: "POST", headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
      return { status: res.status, error: ((await res.json()) as { error: string }).error };
    };
    for (const tz of [{ a: "'" }, ["UTC'"]]) assert.deepEqual(await post("kpis", { tz }), { status: 400, error: NO_ZONE }, JSON.stringify(tz));
    assert.deepEqual(await post("funnel", { step1: ["x"], step2: "page:/**" }), { status: 400, error: "step1 must be page:/PATH_PATTERN, event:NAME or goal:GOAL_ID, got ['x']" });
  });

  test("a period that ends before it starts is a 400 naming both days", async () => {
    for (const pipe of PERIOD) await refused(pipe, { date_from: "2024-02-01", date_to: "2024-01-01" }, "date_from must not be after date_to, got 2024-02-01 and 2024-01-01");
    for (const pipe of DECLARING.from_date!) await refused(pipe, { from_date: "2024-02-01", to_date: "2024-01-31" }, "from_date must not be after to_date, got 2024-02-01 and 2024-01-31");
  });

  test("regression: date_from=1900-01-01 is refused, not read as 1970 (every row of the tenant)", async () => {
    await refused("analytics_hits", { tenant_id: "customer-1", from_date: "1900-01-01" }, `from_date must be between 2000-01-01 and ${LAST_DAY}, got 1900-01-01`);
    await refused("kpis", { tenant_id: "customer-1", date_from: "1900-01-01" }, `date_from must be between 2000-01-01 and ${LAST_DAY}, got 1900-01-01`);
  });

  test("a value that is not a number or a date keeps the typed check's message", async () => {
    const res = await server.fetchPipe("top_pages", { limit: "abc" });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { error: string }).error, "Template Syntax Error: Error validating 'abc' to type Int32");
    const date = await server.fetchPipe("kpis", { date_from: "2024-02-30" });
    assert.equal(((await date.json()) as { error: string }).error, "Template Syntax Error: Error validating '2024-02-30' to type Date");
  });

  test("the default period is the days of the dashboard's default preset", async () => {
    for (const tz of ["UTC", "Pacific/Kiritimati", "America/Los_Angeles"]) {
      const expected = presetRange(DEFAULT_PRESET, todayIn(tz));
      const rows = await server.query("kpis", { tz });
      assert.equal(rows.length, 7, tz);
      assert.deepEqual([rows[0]!.date, rows.at(-1)!.date], [expected.from, expected.to], tz);
    }
  });
});
