/** Says which active filters a widget's endpoint cannot apply, rather than pretending it did. */
import type { FilterKey } from "../state/view-state.ts";

export function IgnoredFiltersNote({ filters }: { filters: readonly FilterKey[] }) {
  if (filters.length === 0) return null;
  return <span title="This report's endpoint does not take these filters">not filtered by {filters.join(", ")}</span>;
}
