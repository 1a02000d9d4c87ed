/**
 * Browser-side helpers for dashboard tests: open the dashboard with a token, record the
 * endpoint requests it makes, wait until every widget has loaded, and read the numbers
 * the widgets render (from `data-*` attributes holding the exact values).
 */
import { mkdir } from "node:fs/promises";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";

export interface OpenedDashboard {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Every `/v0/pipes/<name>.<format>` request the page made, in order. */
  readonly pipeRequests: { readonly pipe: string; readonly format: string; readonly params: Readonly<Record<string, string>> }[];
  /** Uncaught page errors (must stay empty). */
  readonly errors: string[];
}

export async function openDashboard(browser: Browser, url: string, options: BrowserContextOptions = {}): Promise<OpenedDashboard> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: "Europe/Madrid", locale: "en-US", ...options });
  const page = await context.newPage();
  const pipeRequests: OpenedDashboard["pipeRequests"] = [];
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  page.on("request", (request) => {
    const u = new URL(request.url());
    const m = /^\/v0\/pipes\/([^/]+)\.(json|csv)$/.exec(u.pathname);
    if (m) pipeRequests.push({ pipe: m[1]!, format: m[2]!, params: Object.fromEntries(u.searchParams) });
  });
  await page.goto(url);
  return { context, page, pipeRequests, errors };
}

/** Every widget has its data: no skeleton, nothing busy, the live count shown (or named as out of the token's reach). */
export async function waitForIdle(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    () =>
      !document.querySelector(".skeleton, [aria-busy='true']") &&
      document.querySelector("[data-testid='live-visitors'] [data-value], [data-testid='live-visitors'] [data-missing-pipe], [data-testid='no-data'], .sign-in") !== null,
    undefined,
    { timeout, polling: 100 },
  );
}

/** Retries `check` until it stops throwing (the page updates asynchronously); rethrows the last failure. */
export async function eventually<T>(check: () => Promise<T>, timeout = 20_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}

export interface RenderedKpi {
  readonly value: number;
  readonly previous: number;
  /** NaN when the card shows no change. */
  readonly growth: number;
  /** As shown: the period's figure and "vs …". */
  readonly text: { readonly value: string; readonly previous: string };
}

export async function readKpis(page: Page): Promise<Record<string, RenderedKpi>> {
  return page.$$eval("[data-kpi]", (cards) =>
    Object.fromEntries(
      cards.map((card) => [
        card.getAttribute("data-kpi"),
        {
          value: Number(card.querySelector(".kpi-value")?.getAttribute("data-value")),
          previous: Number(card.querySelector("[data-previous]")?.getAttribute("data-previous")),
          growth: Number(card.querySelector(".growth")?.getAttribute("data-value")),
          text: { value: card.querySelector(".kpi-value")?.textContent ?? "", previous: card.querySelector("[data-previous]")?.textContent ?? "" },
        },
      ]),
    ),
  );
}

export interface RenderedTopRow {
  readonly dimension: string;
  readonly visits: number;
  readonly hits: number;
  readonly growth: number | null;
}

export async function readTopTable(page: Page, scope: string): Promise<RenderedTopRow[]> {
  return page.$$eval(`${scope} tbody tr`, (rows) =>
    rows.map((row) => {
      const growth = row.querySelector("[data-col='growth'] .growth")?.getAttribute("data-value");
      return {
        dimension: row.getAttribute("data-dimension") ?? "",
        visits: Number(row.querySelector("[data-col='visits']")?.getAttribute("data-value")),
        hits: Number(row.querySelector("[data-col='hits']")?.getAttribute("data-value")),
        growth: growth == null ? null : Number(growth),
      };
    }),
  );
}

export function query(page: Page): URLSearchParams {
  return new URL(page.url()).searchParams;
}

export const SCREENSHOTS = new URL("../../test-results/screenshots/", import.meta.url).pathname;

export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = `${SCREENSHOTS}${name}.png`;
  await page.screenshot({ path, fullPage });
  return path;
}

/** Today's date (YYYY-MM-DD) in a time zone, computed independently of the dashboard's code. */
export function dayIn(timeZone: string, offsetDays = 0, now = Date.now()): string {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(now);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return new Date(Date.UTC(get("year"), get("month") - 1, get("day") + offsetDays)).toISOString().slice(0, 10);
}

/**
 * Opens every table of the overview's breakdown panels once: each tab, each choice within
 * a tab (the campaign dimensions), and the OS drill-down (a click on the first system,
 * then its chip removed). Leaves each panel on its last tab, the systems' on OS.
 */
export async function openEveryBreakdown(page: Page): Promise<void> {
  for (const tab of await page.locator(".top-panel [role='tab']").all()) {
    await tab.click();
    await waitForIdle(page);
    for (const choice of await page.locator(".top-panel .choices button").all()) {
      await choice.click();
      await waitForIdle(page);
    }
  }
  await page.getByRole("tablist", { name: "Browsers and systems" }).getByRole("tab", { name: "OS" }).click();
  await waitForIdle(page);
  await page.locator("[data-table='os'] .row-filter").first().click();
  await page.locator("[data-table='os_versions']").waitFor();
  await waitForIdle(page);
  await page.locator("[data-filter='os'] button").click();
  await page.locator("[data-table='os']").waitFor();
  await waitForIdle(page);
}
