/**
 * flock.js `engagement` in headless Chromium: one event per page view with the deepest scroll
 * and the engaged time (visible and focused). Time is Playwright's fake clock, paused and moved
 * by hand, so engaged_ms is exact; focus is a stub of document.hasFocus the test flips.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { byToken, CHUNK_RAN, payloadOf, sleep, startTrackerFixture, uniqueToken, type TrackerFixture } from '../../tracker/testing/fixture.ts';
import { htmlPage, scriptTag } from '../../tracker/testing/test-site.ts';

// window.focused drives document.hasFocus(); a page starts unfocused, so no time counts before the test says so.
const FOCUS_STUB = `window.focused = false; document.hasFocus = () => window.focused;`;

const setFocus = (page: Page, focused: boolean) =>
  page.evaluate((f) => {
    (window as { focused?: boolean }).focused = f;
    dispatchEvent(new Event(f ? 'focus' : 'blur'));
  }, focused);

const setVisibility = (page: Page, state: 'visible' | 'hidden') =>
  page.evaluate((s) => {
    Object.defineProperty(document, 'visibilityState', { value: s, configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);

describe('flock.js engagement', () => {
  let fx: TrackerFixture;
  before(async () => {
    fx = await startTrackerFixture();
  });
  after(() => fx.close());

  /** A page 4,000 px tall in a 1,000 px viewport, its chunk run, the clock paused. */
  async function open(name: string, init = '') {
    const token = uniqueToken(name);
    const tag = scriptTag(`${fx.aviary.url}/flock.js`, { 'data-token': token, 'data-engagement': 'true', 'data-allow-automation': 'true' });
    const url = fx.site.page(`/${name}`, htmlPage(`<style>body{margin:0}</style>${tag}`, '<div style="height:4000px">long</div>'));
    const { page } = await fx.open({ viewport: { width: 800, height: 1000 }, init: CHUNK_RAN + FOCUS_STUB + init });
    await page.clock.install();
    await page.goto(url);
    await page.waitForFunction(() => (window as { chunkRan?: boolean }).chunkRan);
    await fx.aviary.waitForEvents(byToken(token, 'page_hit'));
    await page.clock.pauseAt(Date.now() + 60_000);
    return { token, page };
  }
  const engagements = async (token: string) => (await fx.aviary.waitForEvents(byToken(token, 'engagement'), 0)).map(payloadOf);

  it('engaged time counts visible and focused time only; the view is sent once, when hidden', async () => {
    const { token, page } = await open('engaged');
    await setFocus(page, true);
    await page.clock.runFor(2000);
    await setFocus(page, false);
    await page.clock.runFor(5000); // visible but another window has focus
    await setFocus(page, true);
    await page.clock.runFor(1000);
    await setVisibility(page, 'hidden');
    const [sent] = await fx.aviary.waitForEvents(byToken(token, 'engagement'));
    // Nothing scrolled: the first viewport, 1,000 of 4,000 px.
    assert.deepEqual(payloadOf(sent!), { pathname: '/engaged', scroll_depth: 25, engaged_ms: 3000 });
    // Back to the tab and away again: still one event for the view.
    await setVisibility(page, 'visible');
    await page.clock.runFor(4000);
    await setVisibility(page, 'hidden');
    await page.evaluate(() => dispatchEvent(new PageTransitionEvent('pagehide')));
    await sleep(300);
    assert.equal((await engagements(token)).length, 1);
  });

  it('hidden time before the page is first shown is not engaged time', async () => {
    const hiddenAtLoad = `Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });`;
    const { token, page } = await open('background', hiddenAtLoad);
    await setFocus(page, true);
    await page.clock.runFor(5000); // opened in a background tab
    await setVisibility(page, 'visible');
    await page.clock.runFor(1500);
    await page.evaluate(() => dispatchEvent(new PageTransitionEvent('pagehide')));
    const [sent] = await fx.aviary.waitForEvents(byToken(token, 'engagement'));
    assert.equal(payloadOf(sent!).engaged_ms, 1500);
  });

  it('scroll depth is the deepest point reached, kept after scrolling back up', async () => {
    const { token, page } = await open('scroll');
    const scrollPage = (y: number) =>
      page.evaluate(
        (top) =>
          new Promise<void>((done) => {
            addEventListener('scroll', () => done(), { once: true });
            scrollTo(0, top);
          }),
        y,
      );
    await scrollPage(2000);
    await scrollPage(500);
    await setVisibility(page, 'hidden');
    const [sent] = await fx.aviary.waitForEvents(byToken(token, 'engagement'));
    // (2,000 + 1,000) / 4,000
    assert.deepEqual(payloadOf(sent!), { pathname: '/scroll', scroll_depth: 75, engaged_ms: 0 });
  });

  it('an SPA navigation sends the ending view before the next page hit, and starts a new view', async () => {
    const { token, page } = await open('spa');
    await setFocus(page, true);
    await page.clock.runFor(1200);
    await page.evaluate(() => history.pushState({}, '', '/spa/next'));
    await page.evaluate(() => history.replaceState({}, '', '/spa/next?tab=2')); // same path: same view
    const [first] = await fx.aviary.waitForEvents(byToken(token, 'engagement'));
    assert.deepEqual(payloadOf(first!), { pathname: '/spa', scroll_depth: 25, engaged_ms: 1200 });
    await page.clock.runFor(700); // the core's page hit goes 100 ms after the navigation
    await fx.aviary.waitForEvents(byToken(token, 'page_hit'), 2);
    await setVisibility(page, 'hidden');
    await fx.aviary.waitForEvents(byToken(token, 'engagement'), 2);
    const order = fx.aviary.events.filter((e) => byToken(token)(e)).map((e) => `${e.action} ${payloadOf(e).pathname}`);
    assert.deepEqual(order, ['page_hit /spa', 'engagement /spa', 'page_hit /spa/next', 'engagement /spa/next']);
    assert.deepEqual((await engagements(token))[1], { pathname: '/spa/next', scroll_depth: 25, engaged_ms: 700 });
  });
});
