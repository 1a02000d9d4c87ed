/** SQL: screen class from the viewport width in CSS pixels (placeholder; issue 14). */
export function screenSql(width: string): string {
  return `multiIf(${width} <= 0, '', ${width} < 576, 'mobile', ${width} < 992, 'tablet', ${width} < 1440, 'laptop', 'desktop')`;
}
