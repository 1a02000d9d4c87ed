/**
 * The CSV files the dashboard saves. Every text in a report came from a stranger's page
 * (anyone can post events with the public tracker token), and a spreadsheet runs a cell
 * that starts with `=`, `+`, `-`, `@`, tab or carriage return as a formula. Such text
 * cells get a leading `'` and every text cell is quoted (OWASP's CSV-injection rule).
 *
 * Built from the endpoint's JSON rather than from its `.csv`: the JSON's `meta` gives each
 * column's type, so numbers are decided per column and a negative number in a numeric
 * column (a growth of -12.5) stays a number. A value in a numeric column that does not
 * read as a plain number is treated as text. Otherwise the layout is ClickHouse's
 * CSVWithNames (quoted header, quoted text, bare numbers, `\n` line ends), so a report
 * with nothing to neutralise saves the same bytes as the API's `.csv`.
 */

export interface CsvColumn {
  readonly name: string;
  readonly type: string;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const NUMERIC_TYPE = /^(?:Nullable\()?(?:U?Int\d|Float\d|Decimal|Bool)/;
const PLAIN_NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/** A text cell: quoted, inner quotes doubled, and a leading `'` when a spreadsheet would read a formula. */
export function textCell(text: string): string {
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

function isNumeric(column: CsvColumn): boolean {
  return NUMERIC_TYPE.test(column.type);
}

function cell(value: unknown, numeric: boolean): string {
  if (value === null || value === undefined) return "";
  if (numeric && typeof value === "number" && Number.isFinite(value)) return String(value);
  if (numeric && typeof value === "boolean") return String(value);
  if (numeric && typeof value === "string" && PLAIN_NUMBER.test(value)) return value;
  return textCell(typeof value === "string" ? value : JSON.stringify(value));
}

/** Header row and one line per row, in `columns` order. */
export function safeCsv(columns: readonly CsvColumn[], rows: readonly Readonly<Record<string, unknown>>[]): string {
  const numeric = columns.map(isNumeric);
  const lines = [columns.map((c) => textCell(c.name)).join(",")];
  for (const row of rows) lines.push(columns.map((c, i) => cell(row[c.name], numeric[i]!)).join(","));
  return `${lines.join("\n")}\n`;
}
