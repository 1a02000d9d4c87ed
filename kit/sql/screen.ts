/**
 * Screen class from the viewport width in CSS pixels (the tracker's `window.innerWidth`),
 * with Plausible's documented bounds: mobile below 576, tablet below 992, laptop below
 * 1440, desktop from 1440. The width is whatever a page posted, so anything outside
 * 1..MAX_SCREEN_WIDTH (missing, 0, negative, NaN, absurd) is '' (unknown).
 */
import { assertTemplateSafe, sqlString } from "./literal.ts";

/** Widest viewport we believe: two 8K screens side by side are 15360 CSS px. */
export const MAX_SCREEN_WIDTH = 16384;

/** Ordered: the first class whose upper bound (exclusive) is above the width wins. */
export const SCREEN_CLASSES: readonly (readonly [below: number, screen: string])[] = [
  [576, "mobile"],
  [992, "tablet"],
  [1440, "laptop"],
  [Infinity, "desktop"],
];

/**
 * SQL: the screen class of a numeric width expression (Float64 or an integer). The hits
 * parser reads the payload's `screen_width` as Float64 (JSONExtract gives 0 when it is
 * absent, null or not a number; numeric strings are read as numbers). Written with `if`
 * around the range check so that NULL and NaN, which compare false, land on ''.
 */
export function screenSql(width: string): string {
  const arms = SCREEN_CLASSES.map(([below, screen]) => (below === Infinity ? sqlString(screen) : `${width} < ${below}, ${sqlString(screen)}`));
  const sql = `if(${width} >= 1 AND ${width} <= ${MAX_SCREEN_WIDTH}, multiIf(${arms.join(", ")}), '')`;
  return assertTemplateSafe(sql, "the screen rules");
}
