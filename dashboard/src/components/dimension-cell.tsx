/**
 * The name cell of a breakdown row: a bar for the row's visitors (its share of the top
 * row's) behind the label, which is a button when a click on the row does something
 * (filter the report by it, drill into it).
 */
import type { ReactNode } from "preact/compat";

export interface DimensionCellProps {
  /** The value as the endpoint returned it (the cell's tooltip). */
  readonly value: string;
  readonly label: string;
  readonly icon?: ReactNode;
  readonly detail?: string;
  /** 0–1. */
  readonly share: number;
  readonly onClick?: () => void;
  readonly buttonTitle?: string;
  /** For a button that marks the row chosen (`aria-pressed`). */
  readonly pressed?: boolean;
}

export function DimensionCell(props: DimensionCellProps) {
  const text = (
    <>
      {props.icon && (
        <span className="icon" aria-hidden="true">
          {props.icon}
        </span>
      )}
      {props.label}
      {props.detail && <span className="detail">{props.detail}</span>}
    </>
  );
  return (
    <td className="dimension" title={props.value || props.label}>
      <div className="bar" style={{ width: `${props.share * 100}%` }} aria-hidden="true" />
      {props.onClick ? (
        <button type="button" className="row-filter" onClick={props.onClick} title={props.buttonTitle} aria-pressed={props.pressed}>
          {text}
        </button>
      ) : (
        <span className="dimension-text">{text}</span>
      )}
    </td>
  );
}
