/**
 * The period: presets (today … 12 months) or a custom pair of days. Days are in the
 * report's time zone, shown beside the picker so nobody wonders whose "today" it is.
 */
import { useState, type FormEvent } from "preact/compat";
import { PRESETS, PRESET_LABELS, isDate } from "../state/date-range.ts";
import { useReport } from "../state/report-context.ts";
import { formatDay } from "../lib/format.ts";

export function RangePicker() {
  const { view, setView, range, tz, today } = useReport();
  const [editing, setEditing] = useState(false);
  const [from, setFrom] = useState(range.date_from);
  const [to, setTo] = useState(range.date_to);
  const custom = view.preset === undefined;
  const valid = isDate(from) && isDate(to) && from <= to;

  function apply(event: FormEvent) {
    event.preventDefault();
    if (!valid) return;
    setView({ preset: undefined, from, to, all: undefined, page: 0 });
    setEditing(false);
  }

  function openCustom() {
    setFrom(range.date_from);
    setTo(range.date_to);
    setEditing(true);
  }

  const sameYear = range.date_from.slice(0, 4) === range.date_to.slice(0, 4) && range.date_to.slice(0, 4) === today.slice(0, 4);
  return (
    <>
      <div className="segmented" role="group" aria-label="Period">
        {PRESETS.map((preset) => (
          <button
            key={preset}
            type="button"
            aria-pressed={view.preset === preset}
            onClick={() => {
              setEditing(false);
              setView({ preset, from: undefined, to: undefined, all: undefined, page: 0 });
            }}
          >
            {PRESET_LABELS[preset]}
          </button>
        ))}
        <button type="button" aria-pressed={custom} aria-expanded={editing} onClick={() => (editing ? setEditing(false) : openCustom())}>
          Custom…
        </button>
      </div>
      {editing && (
        <form className="toolbar" onSubmit={apply} aria-label="Custom period">
          <label className="field">
            From
            <input className="input" type="date" value={from} max={to || undefined} onChange={(e) => setFrom(e.currentTarget.value)} required />
          </label>
          <label className="field">
            To
            <input className="input" type="date" value={to} min={from || undefined} onChange={(e) => setTo(e.currentTarget.value)} required />
          </label>
          <button className="button primary" type="submit" disabled={!valid}>
            Apply
          </button>
        </form>
      )}
      <span className="range-note" data-testid="range-note">
        {range.hourly ? formatDay(range.date_from, !sameYear) : `${formatDay(range.date_from, !sameYear)} – ${formatDay(range.date_to, !sameYear)}`} · {tz}
      </span>
    </>
  );
}
