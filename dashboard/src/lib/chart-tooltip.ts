/**
 * A hover tooltip for uPlot charts: the bucket and each series' value at the cursor.
 * Built with DOM text nodes only (values come from the API), placed inside the plot.
 */
import type uPlot from "uplot";

export interface TooltipLine {
  readonly label: string;
  readonly value: string;
  readonly color?: string;
}

export interface TooltipContent {
  readonly title: string;
  readonly lines: readonly TooltipLine[];
}

export function tooltipPlugin(content: (u: uPlot, index: number) => TooltipContent | undefined): uPlot.Plugin {
  let tip: HTMLDivElement;
  return {
    hooks: {
      init: (u) => {
        tip = document.createElement("div");
        tip.className = "chart-tip";
        tip.hidden = true;
        u.over.append(tip);
        u.over.addEventListener("mouseleave", () => (tip.hidden = true));
      },
      setCursor: (u) => {
        const index = u.cursor.idx;
        const c = index == null ? undefined : content(u, index);
        if (!c || u.cursor.left === undefined || u.cursor.left < 0) {
          tip.hidden = true;
          return;
        }
        const title = document.createElement("strong");
        title.textContent = c.title;
        const rows = c.lines.map((line) => {
          const row = document.createElement("div");
          const swatch = document.createElement("span");
          swatch.className = "swatch";
          if (line.color) swatch.style.background = line.color;
          const text = document.createElement("span");
          text.textContent = `${line.label}: `;
          const value = document.createElement("b");
          value.textContent = line.value;
          row.append(swatch, text, value);
          return row;
        });
        tip.replaceChildren(title, ...rows);
        tip.hidden = false;
        // Flip to the left of the cursor past the middle, so the tip stays inside the chart.
        const left = u.cursor.left;
        const flip = left > u.over.clientWidth / 2;
        tip.style.left = flip ? "" : `${left + 12}px`;
        tip.style.right = flip ? `${u.over.clientWidth - left + 12}px` : "";
        tip.style.top = `${Math.max(0, (u.cursor.top ?? 0) - 10)}px`;
      },
    },
  };
}

/** Tick spacings (seconds) that keep axis labels on whole hours or whole days. */
export const HOUR_INCREMENTS = [3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400, 2 * 86_400, 7 * 86_400, 14 * 86_400, 30 * 86_400, 91 * 86_400];
export const DAY_INCREMENTS = [86_400, 2 * 86_400, 3 * 86_400, 7 * 86_400, 14 * 86_400, 30 * 86_400, 61 * 86_400, 91 * 86_400, 182 * 86_400, 365 * 86_400];
/** Tick spacings for counts: whole numbers only (fractional ticks printed as counts repeat: "1 1 1 0 0"). */
export const COUNT_INCREMENTS = Array.from({ length: 10 }, (_, k) => [1, 2, 5].map((m) => m * 10 ** k)).flat();
