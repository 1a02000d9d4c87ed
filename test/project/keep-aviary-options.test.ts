/**
 * A build's datafiles keep the deployed datasource's Aviary options (ipGeolocation,
 * writeTime, dedupeKey) unless they state them, and the keywords read back as the options.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { keepAviaryOptions } from "../../src/project/keep-aviary-options.ts";
import { loadDatafiles } from "../../src/project/load-datafiles.ts";
import { ProjectError } from "../../src/project/model.ts";

const schema = "SCHEMA >\n    `action` String `json:$.action`,\n    `payload` String `json:$.payload`,\n    `updated_at` DateTime64(3) `json:$.updated_at`\n";
const deployed = loadDatafiles(
  [{ name: "events.datasource", content: `${schema}\nIP_GEOLOCATION {"column": "payload", "where": {"action": "page_hit"}}\nWRITE_TIME "updated_at"\nDEDUPE_KEY "action"\n` }],
  "deployed",
);

describe("Aviary's datasource options in datafiles", () => {
  test("the keywords read back as the options", () => {
    const ds = deployed.datasources.get("events")!;
    assert.deepEqual([ds.ipGeolocation, ds.writeTime, ds.dedupeKey], [{ column: "payload", where: { action: "page_hit" } }, "updated_at", "action"]);
  });

  test("IP_GEOLOCATION that is not the JSON object is an issue with its line", () => {
    assert.throws(
      () => loadDatafiles([{ name: "bad.datasource", content: `${schema}IP_GEOLOCATION payload\n` }], "bad"),
      (err: unknown) => err instanceof ProjectError && err.issues.some((i) => i.loc.line === 5 && i.message.startsWith("IP_GEOLOCATION takes a JSON object")),
    );
  });

  test("a datafile without them keeps the deployed ones, written into it; one stating a keyword decides", () => {
    const { files, notes } = keepAviaryOptions(deployed, [
      { name: "events.datasource", content: `${schema}WRITE_TIME "action"\n` },
      { name: "other.datasource", content: schema },
    ]);
    const built = loadDatafiles(files, "build").datasources;
    const events = built.get("events")!;
    assert.deepEqual([events.ipGeolocation, events.writeTime, events.dedupeKey], [{ column: "payload", where: { action: "page_hit" } }, "action", "action"]);
    assert.equal(built.get("other")!.ipGeolocation, undefined, "a datasource the deployment does not have keeps nothing");
    assert.deepEqual(notes.map((n) => [n.loc.file, n.message.split(" from ")[0]]), [["events.datasource", "keeps ipGeolocation, dedupeKey"]]);
    assert.deepEqual(keepAviaryOptions(deployed, files).notes, [], "a second build of the kept files keeps nothing more");
  });
});
