/** DDL for indexes and sampling, and the changes deploy makes to a table in place. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTableSql } from "../../src/engine/ddl.ts";
import { inPlaceChanges } from "../../src/engine/table-change.ts";
import type { Column, Datasource } from "../../src/project/model.ts";

const columns: Column[] = [
  { name: "id", type: "UInt64" },
  { name: "path", type: "String", jsonPath: "$.path" },
];
const table = (extra: Partial<Datasource> = {}, cols: readonly Column[] = columns): string =>
  createTableSql({ kind: "datasource", name: "t", columns: cols, engine: { type: "MergeTree", sortingKey: "intHash32(id)", samplingKey: "intHash32(id)" }, tokens: [], loc: { file: "t" }, ...extra });
const bloom = { name: "path_bloom", expr: "path", type: "bloom_filter(0.01)", granularity: 4 };

describe("CREATE TABLE with Tinybird's extras", () => {
  it("writes INDEXES after the columns and ENGINE_SAMPLING_KEY as SAMPLE BY", () => {
    assert.equal(
      table({ indexes: [bloom, { name: "id_minmax", expr: "id", type: "minmax" }] }),
      "CREATE TABLE `t`\n(\n  `id` UInt64,\n  `path` String,\n  INDEX `path_bloom` path TYPE bloom_filter(0.01) GRANULARITY 4,\n  INDEX `id_minmax` id TYPE minmax\n)\n" +
        "ENGINE = MergeTree()\nORDER BY (intHash32(id))\nSAMPLE BY intHash32(id)\nSETTINGS non_replicated_deduplication_window = 10000",
    );
  });
});

describe("inPlaceChanges", () => {
  it("the same settings spaced as a .datasource file (and the SDK) write them are no change; another value is", () => {
    const engine = (settings: string) => ({ engine: { type: "MergeTree" as const, sortingKey: "intHash32(id)", samplingKey: "intHash32(id)", settings } });
    assert.deepEqual(inPlaceChanges(table(engine("index_granularity = 1024")), table(engine("index_granularity=1024")), "t", columns), []);
    assert.equal(inPlaceChanges(table(engine("index_granularity = 1024")), table(engine("index_granularity=2048")), "t", columns), undefined);
  });

  it("adds and drops indexes, materializing the new one for the rows already there", () => {
    const before = table({ indexes: [{ ...bloom, name: "old" }] });
    assert.deepEqual(inPlaceChanges(before, table({ indexes: [bloom] }), "t", columns), [
      "ALTER TABLE `t` DROP INDEX IF EXISTS `old`",
      "ALTER TABLE `t` ADD INDEX IF NOT EXISTS `path_bloom` path TYPE bloom_filter(0.01) GRANULARITY 4",
      "ALTER TABLE `t` MATERIALIZE INDEX `path_bloom`",
    ]);
  });

  it("adds a column (to the quarantine table too) next to an index, and changes the TTL, in one go", () => {
    const grown = [...columns, { name: "n", type: "UInt8", defaultExpr: "0" }];
    const after = createTableSql({ kind: "datasource", name: "t", columns: grown, indexes: [bloom], engine: { type: "MergeTree", sortingKey: "intHash32(id)", samplingKey: "intHash32(id)", ttl: "now() + 1" }, tokens: [], loc: { file: "t" } });
    assert.deepEqual(inPlaceChanges(table({ indexes: [bloom] }), after, "t", grown), [
      "ALTER TABLE `t` ADD COLUMN IF NOT EXISTS `n` UInt8 DEFAULT 0",
      "ALTER TABLE `t_quarantine` ADD COLUMN IF NOT EXISTS `n` Nullable(String)",
      "ALTER TABLE `t` MODIFY TTL now() + 1",
    ]);
  });

  it("refuses what needs the data rewritten: a new sampling key, a column changed or inserted", () => {
    const plain = createTableSql({ kind: "datasource", name: "t", columns, engine: { type: "MergeTree", sortingKey: "intHash32(id)" }, tokens: [], loc: { file: "t" } });
    assert.equal(inPlaceChanges(plain, table(), "t", columns), undefined);
    assert.equal(inPlaceChanges(table(), table({}, [{ name: "id", type: "UInt32" }, columns[1]!]), "t", columns), undefined);
  });
});
