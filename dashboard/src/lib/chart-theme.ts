/** Chart colours come from the CSS tokens, so charts follow light and dark mode with the page. */
export interface ChartTheme {
  readonly current: string;
  readonly previous: string;
  readonly grid: string;
  readonly text: string;
  readonly good: string;
  readonly warn: string;
  readonly bad: string;
}

export function chartTheme(): ChartTheme {
  const style = getComputedStyle(document.documentElement);
  const token = (name: string) => style.getPropertyValue(name).trim();
  return {
    current: token("--chart-current"),
    previous: token("--chart-previous"),
    grid: token("--chart-grid"),
    text: token("--muted"),
    good: token("--good"),
    warn: token("--warn"),
    bad: token("--bad"),
  };
}

/** A colour with alpha, for area fills (the tokens are hex). */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return hex;
  return `rgba(${parseInt(m[1]!, 16)}, ${parseInt(m[2]!, 16)}, ${parseInt(m[3]!, 16)}, ${alpha})`;
}

/**
 * The API prints buckets as wall-clock text in the report's time zone ("2025-03-01 14:00:00").
 * Charts place them as if that text were UTC and draw their axes in UTC, so the labels
 * read exactly as the API wrote them whatever zone the browser is in.
 */
export function wallClockSeconds(text: string): number {
  const iso = text.length <= 10 ? `${text}T00:00:00Z` : `${text.replace(" ", "T")}Z`;
  return Date.parse(iso) / 1000;
}
