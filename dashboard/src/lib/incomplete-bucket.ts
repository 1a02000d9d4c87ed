/**
 * The current day (or hour) is still filling up: the chart draws it apart, dashed, so a
 * half-counted today does not read as a fall. Its line joins the last complete point.
 */
export interface SplitSeries {
  /** Every bucket but the current one (null there). */
  readonly complete: (number | null)[];
  /** Only the last complete bucket and the current one (null elsewhere). */
  readonly current: (number | null)[];
}

export function splitCurrentBucket(values: readonly number[], lastIsCurrent: boolean): SplitSeries {
  const n = values.length;
  if (!lastIsCurrent || n === 0) return { complete: [...values], current: values.map(() => null) };
  return {
    complete: values.map((v, i) => (i === n - 1 ? null : v)),
    current: values.map((v, i) => (i >= n - 2 ? v : null)),
  };
}
