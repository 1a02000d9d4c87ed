/**
 * A custom-event breakdown (events, a property's keys or its values): the name with a
 * bar for its visitors (relative to the top row), visitors, events, the conversions on a
 * goal when asked, and the change in visitors (unless comparisons are off). With
 * `onSelect`, a name is a button that drills down, the chosen one marked as pressed.
 */
import { COMPARED_WITH } from "../lib/comparison.ts";
import { formatInteger, formatShare } from "../lib/format.ts";
import { useReport } from "../state/report-context.ts";
import { DimensionCell } from "./dimension-cell.tsx";
import { GrowthBadge } from "./growth-badge.tsx";

/** What every custom-event report returns besides its name column. */
export interface EventCounts {
  readonly visitors: number;
  readonly events: number;
  readonly previous_visitors?: number;
  readonly visitors_growth_percentage?: number;
  readonly conversions?: number;
  readonly conversion_rate?: number;
}

export interface EventTableProps<Row extends EventCounts> {
  /** `data-table` of the table, for tests and styles. */
  readonly id: string;
  readonly header: string;
  readonly rows: readonly Row[];
  readonly name: (row: Row) => string;
  readonly label: (name: string) => string;
  readonly detail?: (name: string) => string | undefined;
  readonly conversions?: boolean;
  readonly selected?: string;
  readonly onSelect?: (name: string) => void;
}

export function EventTable<Row extends EventCounts>(props: EventTableProps<Row>) {
  const max = Math.max(1, ...props.rows.map((r) => Number(r.visitors)));
  const compared = COMPARED_WITH[useReport().view.compare];
  return (
    <table className="top-table event-table" data-table={props.id}>
      <thead>
        <tr>
          <th scope="col">{props.header}</th>
          <th scope="col" className="num">
            Visitors
          </th>
          <th scope="col" className="num hide-phone">
            Events
          </th>
          {props.conversions && (
            <>
              <th scope="col" className="num">
                <abbr title="Visitors who also converted on the goal in this period">Conv.</abbr>
              </th>
              <th scope="col" className="num rate">
                <abbr title="Conversions ÷ visitors">CR</abbr>
              </th>
            </>
          )}
          {compared && (
            <th scope="col" className="delta">
              <abbr title={`Change in visitors against ${compared}`}>Change</abbr>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => {
          const name = props.name(row);
          const onSelect = props.onSelect;
          return (
            <tr key={name} data-name={name}>
              <DimensionCell
                value={name}
                label={props.label(name)}
                detail={props.detail?.(name)}
                share={Number(row.visitors) / max}
                onClick={onSelect && (() => onSelect(name))}
                pressed={onSelect && name === props.selected}
              />
              <td className="num" data-col="visitors" data-value={row.visitors}>
                {formatInteger(Number(row.visitors))}
              </td>
              <td className="num hide-phone" data-col="events" data-value={row.events}>
                {formatInteger(Number(row.events))}
              </td>
              {props.conversions && (
                <>
                  <td className="num" data-col="conversions" data-value={row.conversions}>
                    {formatInteger(Number(row.conversions ?? 0))}
                  </td>
                  <td className="num rate" data-col="conversion_rate" data-value={row.conversion_rate}>
                    {formatShare(Number(row.conversion_rate ?? 0))}
                  </td>
                </>
              )}
              {compared && (
                <td className="delta" data-col="growth">
                  <GrowthBadge value={row.visitors_growth_percentage} previous={row.previous_visitors === undefined ? undefined : Number(row.previous_visitors)} />
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
