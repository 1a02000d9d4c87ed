/**
 * A breakdown table: the dimension with a bar for its visitors (relative to the top row),
 * visitors, hits, the table's rate if it has one (bounce, exit) and the change in
 * visitors (unless comparisons are off); or, for a table with metrics (engagement),
 * visitors and those. A row's label filters the report by that value when the endpoints
 * accept the filter.
 */
import type { TopRow } from "../api/pipe-rows.ts";
import { formatInteger, formatShare } from "../lib/format.ts";
import type { TopTable } from "../lib/top-tables.ts";
import { DimensionCell } from "./dimension-cell.tsx";
import { GrowthCell, GrowthHeader } from "./growth-column.tsx";

export interface TopTableRowsProps {
  readonly table: TopTable;
  readonly rows: readonly TopRow[];
  /** Set when click-to-filter is available for this dimension. */
  readonly onFilter?: (value: string) => void;
}

export function TopTableRows({ table, rows, onFilter }: TopTableRowsProps) {
  const visitors = table.visitors ?? "visits";
  const max = Math.max(1, ...rows.map((r) => Number(r[visitors])));
  const metrics = table.metrics;
  return (
    <table className="top-table" data-table={table.id}>
      <thead>
        <tr>
          <th scope="col">{table.header}</th>
          <th scope="col" className="num">
            Visitors
          </th>
          {metrics ? (
            metrics.map((m) => (
              <th key={m.column} scope="col" className="num">
                <abbr title={m.title}>{m.header}</abbr>
              </th>
            ))
          ) : (
            <th scope="col" className="num hide-phone">
              Hits
            </th>
          )}
          {table.rate && (
            <th scope="col" className="num rate">
              <abbr title={table.rate.title}>{table.rate.header}</abbr>
            </th>
          )}
          {!metrics && <GrowthHeader of="visitors" />}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => {
          const value = String(row[table.column] ?? "");
          const label = table.label(value, row);
          const rate = table.rate && Number(row[table.rate.column]);
          // By position too: a city's name may repeat in another region.
          return (
            <tr key={`${i}:${value}`} data-dimension={value}>
              <DimensionCell
                value={value}
                label={label}
                icon={table.icon?.(value, row)}
                detail={table.detail?.(row)}
                share={Number(row[visitors]) / max}
                onClick={onFilter && (() => onFilter(value))}
                buttonTitle={`Filter by ${label}`}
              />
              <td className="num" data-col={visitors} data-value={row[visitors]}>
                {formatInteger(Number(row[visitors]))}
              </td>
              {metrics ? (
                metrics.map((m) => (
                  <td key={m.column} className="num" data-col={m.column} data-value={row[m.column]}>
                    {m.format(Number(row[m.column]))}
                  </td>
                ))
              ) : (
                <td className="num hide-phone" data-col="hits" data-value={row.hits}>
                  {formatInteger(Number(row.hits))}
                </td>
              )}
              {table.rate && (
                <td className="num rate" data-col={table.rate.column} data-value={rate}>
                  {formatShare(rate ?? 0)}
                </td>
              )}
              {!metrics && <GrowthCell value={row.visits_growth_percentage} previous={row.previous_visits} />}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
