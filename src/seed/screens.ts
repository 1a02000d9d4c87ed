/**
 * The viewport width the tracker sends (`window.innerWidth`, CSS px), consistent with the
 * device: the common widths of phones, tablets (portrait and landscape) and computer
 * screens, with some computer windows not maximised. Shares are rough, as in catalog.ts.
 */
import type { FormFactor } from "./catalog.ts";
import { type Rng, weightedPicker } from "./rng.ts";

const WIDTHS: Readonly<Record<FormFactor, readonly (readonly [width: number, weight: number])[]>> = {
  phone: [[390, 12], [393, 10], [412, 10], [375, 8], [360, 10], [414, 5], [430, 6], [428, 3], [384, 2], [320, 1]],
  // Landscape iPads are as wide as small laptops.
  tablet: [[768, 4], [810, 3], [820, 3], [834, 2], [800, 2], [1024, 3], [1180, 1]],
  computer: [[1920, 24], [1536, 14], [1366, 12], [1440, 10], [1280, 10], [2560, 6], [1680, 4], [1600, 4], [1024, 2], [3440, 1]],
};

/** Share of computer windows narrower than the screen, by a random factor. */
const UNMAXIMISED_SHARE = 0.2;

export function screenWidthPicker(): (rng: Rng, form: FormFactor) => number {
  const pick = Object.fromEntries(
    Object.entries(WIDTHS).map(([form, widths]) => [form, weightedPicker(widths.map(([w]) => w), widths.map(([, weight]) => weight))]),
  ) as Record<FormFactor, (rng: Rng) => number>;
  return (rng, form) => {
    const width = pick[form](rng);
    return form === "computer" && rng.chance(UNMAXIMISED_SHARE) ? Math.round(width * (0.45 + 0.55 * rng.float())) : width;
  };
}
