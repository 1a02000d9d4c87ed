/**
 * One browser, one fake Aviary and one test site per test file, plus helpers to open
 * isolated pages. Every test uses its own token, so events of different tests never mix.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { launchChromium } from '../../test/e2e/helpers/browser.ts';
import { buildTracker } from '../build.ts';
import { startFakeAviary, type CapturedEvent, type FakeAviary } from './fake-aviary.ts';
import { startTestSite, type TestSite } from './test-site.ts';

export interface TrackerFixture {
  browser: Browser;
  aviary: FakeAviary;
  site: TestSite;
  /** A fresh context (own cookies and storage) and page; `init` runs before any page script. */
  open(options?: BrowserContextOptions & { init?: string }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

export async function startTrackerFixture(): Promise<TrackerFixture> {
  await buildTracker();
  const [browser, aviary, site] = await Promise.all([launchChromium(), startFakeAviary(), startTestSite()]);
  const contexts: BrowserContext[] = [];
  return {
    browser,
    aviary,
    site,
    async open({ init, ...options } = {}) {
      const context = await browser.newContext(options);
      contexts.push(context);
      if (init) await context.addInitScript(init);
      return { context, page: await context.newPage() };
    },
    async close() {
      await Promise.all(contexts.map((c) => c.close().catch(() => {})));
      await browser.close();
      await Promise.all([aviary.close(), site.close()]);
    },
  };
}

let counter = 0;
/** A token no other test uses; events are matched by it. */
export const uniqueToken = (name: string): string => `t-${name}-${process.pid}-${++counter}`;

export const byToken =
  (token: string, action?: string) =>
  (e: CapturedEvent): boolean =>
    e.token === token && (action === undefined || e.action === action);

/** The payload as an object, whether it was sent as a JSON string (the default) or not. */
export function payloadOf(e: CapturedEvent): Record<string, unknown> {
  return (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload) as Record<string, unknown>;
}

/** An init script: window.chunkRan turns true once the extensions chunk has run (a script's load event follows its execution). */
export const CHUNK_RAN = `document.addEventListener('load', (e) => { if (e.target.src?.endsWith('/flock-extensions.js')) window.chunkRan = true; }, true);`;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
