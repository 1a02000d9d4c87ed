/**
 * The OpenAPI documents kept per project (src/api/routes/openapi.ts): one per readable
 * endpoints and server address, the most recently used kept, compressed at a dynamic
 * answer's level (a client can make one per request by sending a new Host each time).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { openApiFile } from "../../src/api/routes/openapi.ts";
import { loadProject } from "../../src/project/load-project.ts";

test("a document in use stays while new addresses come and go; an unused one is made again", async () => {
  const project = await loadProject("examples/pageviews");
  const all = () => true;
  const used = openApiFile(project, all, "http://used.example");
  const idle = openApiFile(project, all, "http://idle.example");
  for (let i = 0; i < 100; i++) {
    openApiFile(project, all, `http://h${i}.example`);
    if (i % 10 === 0) assert.equal(openApiFile(project, all, "http://used.example"), used);
  }
  assert.equal(openApiFile(project, all, "http://used.example"), used);
  assert.notEqual(openApiFile(project, all, "http://idle.example"), idle);
  assert.equal(used.best, false);
});

test("each readable set has its own document", async () => {
  const project = await loadProject("examples/pageviews");
  const full = JSON.parse(openApiFile(project, () => true, "http://x").body.toString()) as { paths: object };
  const one = JSON.parse(openApiFile(project, (name) => name === "top_paths", "http://x").body.toString()) as { paths: object };
  assert.deepEqual(Object.keys(one.paths), ["/pipes/top_paths.{format}"]);
  assert.ok(Object.keys(full.paths).length > 1);
});
