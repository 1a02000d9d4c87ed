/**
 * The "Change" column of a table: its header and its cells, both absent when comparisons
 * are off, so a table never shows an empty column or a change against nothing.
 */
import { COMPARED_WITH } from "../lib/comparison.ts";
import { useReport } from "../state/report-context.ts";
import { GrowthBadge } from "./growth-badge.tsx";

/** `of`: what changed, as the header's title says it ("visitors", "uniques"). */
export function GrowthHeader({ of }: { of: string }) {
  const compared = COMPARED_WITH[useReport().view.compare];
  if (!compared) return null;
  return (
    <th scope="col" className="delta">
      <abbr title={`Change in ${of} against ${compared}`}>Change</abbr>
    </th>
  );
}

/** The change in `value` against `previous` (a row's column, as text or number). */
export function GrowthCell({ value, previous }: { value: number | undefined; previous: unknown }) {
  if (!COMPARED_WITH[useReport().view.compare]) return null;
  return (
    <td className="delta" data-col="growth">
      <GrowthBadge value={value} previous={previous === undefined ? undefined : Number(previous)} />
    </td>
  );
}
