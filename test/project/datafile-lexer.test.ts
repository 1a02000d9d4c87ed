import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { lexDatafile, statementText } from "../../src/project/datafile-lexer.ts";

const lex = (text: string) => lexDatafile(text, "f.pipe", (key) => ["NODE", "SQL", "TYPE"].includes(key));

describe("lexDatafile", () => {
  it("splits keyword lines and blocks, dedents blocks, keeps inner blank lines and relative indentation", () => {
    const text = "# comment\nNODE  first \nsql >\n\n    %\n    SELECT\n        a\n\n    FROM t\n\n\nTYPE endpoint\n";
    const { statements, issues } = lex(text);
    assert.deepEqual(issues, []);
    assert.deepEqual(statements, [
      { keyword: "NODE", key: "NODE", value: "first", line: 2 },
      {
        keyword: "sql",
        key: "SQL",
        value: "",
        line: 3,
        block: [
          { text: "%", line: 5 },
          { text: "SELECT", line: 6 },
          { text: "    a", line: 7 },
          { text: "", line: 8 },
          { text: "FROM t", line: 9 },
        ],
      },
      { keyword: "TYPE", key: "TYPE", value: "endpoint", line: 12 },
    ]);
    assert.equal(statementText(statements[1]!), "%\nSELECT\n    a\n\nFROM t");
  });

  it("reads CRLF files, tabs and a byte-order mark", () => {
    const { statements, issues } = lex("\uFEFFNODE a\r\nSQL >\r\n\tSELECT 1\r\n\t  + 2\r\n");
    assert.deepEqual(issues, []);
    assert.deepEqual(statements[1]!.block, [
      { text: "SELECT 1", line: 3 },
      { text: "  + 2", line: 4 },
    ]);
  });

  it("keeps # lines inside a block: they are SQL there", () => {
    const { statements } = lex("SQL >\n    # not a datafile comment\n    SELECT 1\n");
    assert.equal(statementText(statements[0]!), "# not a datafile comment\nSELECT 1");
  });

  it("an empty block skips the unindented lines meant for it, up to the next keyword", () => {
    const { statements, issues } = lex("SQL >\n\nSELECT 1\nFROM t\nTYPE endpoint\n");
    assert.deepEqual(issues, [{ loc: { file: "f.pipe", line: 1 }, message: '"SQL >" is not followed by an indented block; indent the lines that belong to it' }]);
    assert.deepEqual(statements.map((s) => [s.key, s.block]), [["SQL", []], ["TYPE", undefined]]);
  });

  it("% at column 0 right after SQL > belongs to the block and does not shift the SQL", () => {
    const { statements, issues, notes } = lex("NODE n\nSQL >\n%\n    SELECT 1\n        + 2\nTYPE endpoint\n");
    assert.deepEqual([issues, notes], [[], []]);
    assert.equal(statementText(statements[1]!), "%\nSELECT 1\n    + 2");
    assert.equal(statements[2]!.key, "TYPE");
  });

  it("unindented lines right below a block are part of it, as in Tinybird, with one note per block", () => {
    const { statements, issues, notes } = lex("SQL >\n%\nSELECT 1\nFROM t\nTYPE endpoint\n");
    assert.deepEqual(issues, []);
    assert.deepEqual(statements.map((s) => [s.key, s.block && statementText(s)]), [["SQL", "%\nSELECT 1\nFROM t"], ["TYPE", undefined]]);
    assert.deepEqual(notes, [{ loc: { file: "f.pipe", line: 3 }, message: 'line 3 is not indented but is read as part of the "SQL >" block above it, as Tinybird does; indent it' }]);
  });

  it("after a blank line an unindented line ends the block, so a misspelt keyword is still reported", () => {
    const { statements } = lex("SQL >\n    SELECT 1\n\nTPYE endpoint\n");
    assert.deepEqual(statements.map((s) => s.key), ["SQL", "TPYE"]);
  });

  it("keeps blank lines, tabs mixed with spaces and # comment lines at column 0 inside a block; trailing spaces after >", () => {
    const { statements, issues } = lex("SQL >   \n\tSELECT a,\n\n# a comment\n    b\n  FROM t\nTYPE endpoint\n");
    assert.deepEqual(issues, []);
    assert.deepEqual(statements[0]!.block, [
      { text: "\tSELECT a,", line: 2 },
      { text: "", line: 3 },
      { text: "    b", line: 5 },
      { text: "  FROM t", line: 6 },
    ]);
  });
});
