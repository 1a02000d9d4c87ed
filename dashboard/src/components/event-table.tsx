/**
 * A custom-event breakdown (events, a property's keys or its values): the name with a
 * bar for its visitors (relative to the top row), visitors, events, the conversions on a
 * goal when asked, and the change in visitors (unless comparisons are off). With
 * `onSelect`, a name is a button that drills down, the chosen one marked as pressed.
 */
import { formatInteger, formatShare } from "../lib/format.ts";
import { DimensionCell } from "./dimension-cell.tsx";
import { GrowthCell, GrowthHeader } from "./growth-column.tsx";

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
          <GrowthHeader of="visitors" />
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
              <GrowthCell value={row.visitors_growth_percentage} previous={row.previous_visitors} />
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
