/**
 * `POST /v1/build` and the Tinybird Local workspace endpoints over HTTP, against a server
 * started on examples/pageviews (datafiles): what a build changes, what it refuses and
 * why, and that a refused build leaves the running project serving.
 */
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { api, startServer, type TestServer } from "../helpers/server.ts";
import { tenantJwt } from "../client/helpers/seeded-kit.ts";

const EXAMPLE = new URL("../../examples/pageviews/", import.meta.url).pathname;

type Files = Record<string, string>;
interface BuildAnswer {
  result: "success" | "no_changes" | "failed";
  error?: string;
  errors?: { filename?: string; error: string }[];
  build?: Record<string, unknown> & { id: string };
}

async function exampleFiles(): Promise<Files> {
  const names = (await readdir(EXAMPLE)).filter((f) => /\.(datasource|pipe)$/.test(f));
  return Object.fromEntries(await Promise.all(names.map(async (f) => [f, await readFile(join(EXAMPLE, f), "utf8")] as const)));
}

const HITS_PIPE = `TOKEN "hits_reader" READ

NODE hits
SQL >
    SELECT site, count() AS hits FROM pageviews GROUP BY site ORDER BY site

TYPE endpoint
`;

describe("POST /v1/build and the local workspace endpoints", () => {
  let server: TestServer;
  let files: Files;

  /** As the SDK sends a build: every file a part named `data_project://`. */
  async function build(parts: Files, token: string = server.adminToken): Promise<{ status: number; body: BuildAnswer }> {
    const form = new FormData();
    for (const [name, content] of Object.entries(parts)) form.append("data_project://", new Blob([content], { type: "text/plain" }), name);
    const res = await api(server, "/v1/build", { method: "POST", body: form, token });
    return { status: res.status, body: (await res.json()) as BuildAnswer };
  }

  before(async () => {
    server = await startServer({ project: EXAMPLE });
    files = await exampleFiles();
    const rows = [{ timestamp: "2024-01-01 10:00:00", site: "a.example", path: "/", visitor: "v1" }, { timestamp: "2024-01-01 11:00:00", site: "b.example", path: "/x", visitor: "v2" }];
    const res = await api(server, "/v0/events?name=pageviews&wait=true", { method: "POST", body: rows.map((r) => JSON.stringify(r)).join("\n") });
    assert.equal(res.status, 200, await res.clone().text());
  });
  after(() => server?.stop());

  test("GET /tokens gives a local client the admin token three times, as Tinybird Local does", async () => {
    const res = await api(server, "/tokens", { token: null });
    assert.equal(res.status, 200);
    const token = server.adminToken;
    assert.deepEqual(await res.json(), { user_token: token, admin_token: token, workspace_admin_token: token });
  });

  test("GET /tokens refuses a request that came through a proxy", async () => {
    const res = await api(server, "/tokens", { token: null, headers: { "x-forwarded-for": "203.0.113.9" } });
    assert.equal(res.status, 403);
    assert.match(((await res.json()) as { error: string }).error, /only clients on the server's own machine/);
  });

  test("workspace lookups answer with the one workspace; a created name joins it", async () => {
    const me = (await (await api(server, "/v1/workspace")).json()) as Record<string, unknown>;
    assert.equal(me.name, "aviary");
    assert.equal(me.token, server.adminToken);
    const list = async () => (await (await api(server, `/v1/user/workspaces?with_organization=true&token=${server.adminToken}`, { token: null })).json()) as { workspaces: { id: string; name: string; token: string }[] };
    assert.deepEqual((await list()).workspaces.map((w) => w.name), ["aviary"]);
    const created = await api(server, "/v1/workspaces", { method: "POST", body: new URLSearchParams({ name: "feature_x" }) });
    assert.equal(created.status, 200);
    assert.deepEqual(await created.json(), { id: me.id, name: "feature_x", token: server.adminToken });
    assert.deepEqual((await list()).workspaces.map((w) => [w.name, w.id, w.token]), [["aviary", me.id, server.adminToken], ["feature_x", me.id, server.adminToken]]);
    const bad = await api(server, "/v1/workspaces", { method: "POST", body: new URLSearchParams({ name: "no spaces" }) });
    assert.equal(bad.status, 400);
    const removed = await api(server, `/v1/workspaces/${String(me.id)}?hard_delete_confirmation=yes`, { method: "DELETE" });
    assert.equal(removed.status, 400);
    assert.match(((await removed.json()) as { error: string }).error, /single workspace/);
    assert.equal((await api(server, "/v1/user/workspaces", { token: await tenantJwt(server, "t") })).status, 403);
  });

  test("the deployed project built again: no_changes", async () => {
    const { status, body } = await build(files);
    assert.equal(status, 200);
    assert.equal(body.result, "no_changes");
    assert.deepEqual(body.build?.new_pipe_names, []);
    assert.deepEqual(
      (body.build?.pipes as { name: string; type: string }[]).map((p) => `${p.name}:${p.type}`).sort(),
      ["daily_pages_mv:materialized", "top_paths:endpoint", "views_by_day:endpoint"],
    );
  });

  test("a new endpoint: deployed, served, its token created; then removed again", async () => {
    const added = await build({ ...files, "hits.pipe": HITS_PIPE });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    assert.equal(added.body.result, "success");
    assert.match(added.body.build!.id, /^[0-9a-f-]{36}$/);
    assert.deepEqual(
      Object.fromEntries(Object.entries(added.body.build!).filter(([key]) => key.endsWith("_names"))),
      { new_datasource_names: [], changed_datasource_names: [], deleted_datasource_names: [], new_pipe_names: ["hits"], changed_pipe_names: [], deleted_pipe_names: [] },
    );
    const tokens = (await (await api(server, "/v0/tokens")).json()) as { tokens: { name: string; token: string }[] };
    const reader = tokens.tokens.find((t) => t.name === "hits_reader");
    assert.ok(reader, JSON.stringify(tokens));
    const hits = await api(server, "/v0/pipes/hits.json", { token: reader.token });
    assert.equal(hits.status, 200);
    assert.deepEqual(((await hits.json()) as { data: unknown }).data, [{ site: "a.example", hits: 1 }, { site: "b.example", hits: 1 }]);

    const removed = await build(files);
    assert.equal(removed.body.result, "success");
    assert.deepEqual(removed.body.build?.deleted_pipe_names, ["hits"]);
    assert.equal((await api(server, "/v0/pipes/hits.json")).status, 404);
  });

  test("every problem of a build at once, one entry per file, and nothing changes", async () => {
    const { status, body } = await build({
      ...files,
      "top_paths.pipe": files["top_paths.pipe"]!.replace("FROM daily_pages", "FROM no_such_table"),
      "out.pipe": 'NODE n\nSQL >\n    SELECT 1 AS x\n\nTYPE sink\nEXPORT_CONECTION_NAME "s3"\n',
      "notes.txt": "hello",
    });
    assert.equal(status, 400);
    assert.equal(body.result, "failed");
    const byFile = new Map<string, string[]>();
    for (const e of body.errors ?? []) byFile.set(e.filename ?? "", [...(byFile.get(e.filename ?? "") ?? []), e.error]);
    assert.deepEqual([...byFile.keys()].sort(), ["notes.txt", "out.pipe", "top_paths.pipe"], JSON.stringify(body.errors));
    assert.match(byFile.get("notes.txt")![0]!, /not a datafile/);
    assert.deepEqual(byFile.get("out.pipe"), ['line 6: unknown connector setting "EXPORT_CONECTION_NAME" (did you mean "EXPORT_CONNECTION_NAME"?)']);
    assert.match(byFile.get("top_paths.pipe")!.join("\n"), /^line \d+: .*no_such_table/m);
    assert.ok(body.error?.includes("[out.pipe]"));
    assert.equal((await api(server, "/v0/pipes/top_paths.json?site=a.example")).status, 200);
  });

  test("a datasource named like Aviary's own state table is refused before anything is deployed", async () => {
    const { status, body } = await build({ ...files, "_aviary_state.datasource": "SCHEMA >\n    key String,\n    value String\n\nTOKEN \"w\" APPEND\n" });
    assert.equal(status, 400);
    assert.deepEqual(body.errors, [{ filename: "_aviary_state.datasource", error: 'line 1: datasource name "_aviary_state" is reserved: names starting with "_aviary" are Aviary\'s own tables' }]);
    const tokens = (await (await api(server, "/v0/tokens")).json()) as { tokens: { name: string }[] };
    assert.ok(!tokens.tokens.some((t) => t.name === "w"));
  });

  test("dropping a datasource needs --allow-destructive: refused, the project keeps serving", async () => {
    // Without the view's target (and the view and endpoint that use it).
    const withoutTarget = Object.fromEntries(Object.entries(files).filter(([name]) => !name.startsWith("daily_pages") && name !== "top_paths.pipe"));
    const { status, body } = await build(withoutTarget);
    assert.equal(status, 400, JSON.stringify(body));
    assert.equal(body.result, "failed");
    assert.match(body.errors?.[0]?.error ?? "", /datasource "daily_pages" is no longer in the project; removing it would delete its data \(a build replaces the whole project: include the files that define it, or start with --allow-destructive to drop it\)/);
    assert.equal((await api(server, "/v0/pipes/top_paths.json?site=a.example")).status, 200);
  });

  test("only the admin token builds; the body must be multipart", async () => {
    const jwt = await build(files, await tenantJwt(server, "t"));
    assert.equal(jwt.status, 403);
    const json = await api(server, "/v1/build", { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    assert.equal(json.status, 400);
    assert.match(((await json.json()) as { error: string }).error, /multipart\/form-data/);
    const empty = await build({});
    assert.equal(empty.status, 400);
    assert.match(empty.body.error ?? "", /no files/);
  });
});
