/**
 * The CSV the dashboard saves (dashboard/src/lib/safe-csv.ts), without a browser: text a
 * spreadsheet would run as a formula gets a leading `'` (OWASP's CSV-injection rule),
 * numbers of numeric columns stay numbers, and the layout is ClickHouse's CSVWithNames.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { safeCsv, textCell } from "../../dashboard/src/lib/safe-csv.ts";

describe("dashboard CSV: formula-looking text is neutralised", () => {
  it("prefixes a quote to text starting with = + - @ tab or carriage return, and quotes every text cell", () => {
    assert.equal(textCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.equal(textCell("+1+2"), `"'+1+2"`);
    assert.equal(textCell("-1+2"), `"'-1+2"`);
    assert.equal(textCell("@SUM(1+1)"), `"'@SUM(1+1)"`);
    assert.equal(textCell("\t=1+1"), `"'\t=1+1"`);
    assert.equal(textCell("\r=1+1"), `"'\r=1+1"`);
    assert.equal(textCell("/pricing"), `"/pricing"`);
    assert.equal(textCell(" =1+1"), `" =1+1"`, "only the first character counts");
    assert.equal(textCell(""), `""`);
    assert.equal(textCell('a,b\n"c"'), `"a,b\n""c"""`, "separators, line breaks and quotes stay inside the cell");
  });

  it("keeps negative numbers of numeric columns as numbers, and treats everything else as text", () => {
    const meta = [
      { name: "pathname", type: "String" },
      { name: "visits", type: "UInt64" },
      { name: "growth", type: "Float64" },
      { name: "share", type: "Nullable(Float64)" },
      { name: "price", type: "Decimal(10, 2)" },
      { name: "flag", type: "Bool" },
    ];
    const rows = [
      { pathname: "-1", visits: 3, growth: -66.67, share: null, price: "-1.50", flag: true },
      { pathname: "=1+1", visits: "18446744073709551615", growth: -1e-7, share: 0.5, price: "=2+2", flag: false },
    ];
    assert.equal(
      safeCsv(meta, rows),
      [
        `"pathname","visits","growth","share","price","flag"`,
        `"'-1",3,-66.67,,-1.50,true`,
        `"'=1+1",18446744073709551615,-1e-7,0.5,"'=2+2",false`,
        "",
      ].join("\n"),
    );
  });

  it("writes dates and other strings quoted, objects as JSON text, and a header alone for no rows", () => {
    const meta = [
      { name: "date", type: "Date" },
      { name: "t", type: "DateTime('Europe/Madrid')" },
      { name: "labels", type: "Array(String)" },
      { name: "=cmd", type: "String" },
    ];
    assert.equal(safeCsv(meta, [{ date: "2024-01-15", t: "2024-01-15 13:00:00", labels: ["-x"], "=cmd": "@" }]), `"date","t","labels","'=cmd"\n"2024-01-15","2024-01-15 13:00:00","[""-x""]","'@"\n`);
    assert.equal(safeCsv(meta, []), `"date","t","labels","'=cmd"\n`);
  });
});
