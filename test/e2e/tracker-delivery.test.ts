/**
 * flock.js delivery in headless Chromium: NDJSON batches, keepalive when the page closes,
 * offline → online, retries with backoff, sendBeacon when the page is hidden.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { byToken, sleep, startTrackerFixture, uniqueToken, type TrackerFixture } from '../../tracker/testing/fixture.ts';
import { htmlPage, scriptTag } from '../../tracker/testing/test-site.ts';

const track = (page: Page, name: string, payload: object = {}) =>
  page.evaluate(
    ([n, p]) => (window as unknown as { Tinybird: { trackEvent(n: string, p?: object): void } }).Tinybird.trackEvent(n, p),
    [name, payload] as const,
  );

describe('flock.js delivery', () => {
  let fx: TrackerFixture;
  before(async () => {
    fx = await startTrackerFixture();
  });
  after(() => fx.close());

  async function openTracked(name: string): Promise<{ token: string; page: Page; context: import('playwright-core').BrowserContext }> {
    const token = uniqueToken(name);
    const url = fx.site.page(`/${name}`, htmlPage(scriptTag(`${fx.aviary.url}/flock.js`, { 'data-token': token, 'data-allow-automation': 'true' })));
    const { context, page } = await fx.open();
    await page.goto(url);
    await fx.aviary.waitForEvents(byToken(token, 'page_hit'));
    return { token, page, context };
  }
  const postsFor = (token: string) => fx.aviary.requests.filter((r) => r.method === 'POST' && r.query.get('token') === token);

  it('sends events tracked together as one NDJSON request', async () => {
    const { token, page } = await openTracked('batch');
    await page.evaluate(() => {
      const tb = (window as unknown as { Tinybird: { trackEvent(n: string, p?: object): void } }).Tinybird;
      tb.trackEvent('one', { i: 1 });
      tb.trackEvent('two', { i: 2 });
      tb.trackEvent('three', { i: 3 });
    });
    await fx.aviary.waitForEvents((e) => byToken(token)(e) && e.action !== 'page_hit', 3);
    const batch = postsFor(token).find((r) => r.lines.length === 3);
    assert.deepEqual(batch?.lines.map((l) => l.action), ['one', 'two', 'three']);
  });

  it('delivers an event tracked right before the page is closed', async () => {
    const { token, page } = await openTracked('close');
    await track(page, 'goodbye', { reason: 'closed' });
    await page.close();
    const [e] = await fx.aviary.waitForEvents(byToken(token, 'goodbye'));
    assert.ok(e);
  });

  it('queues events while offline and sends them when the browser is back online', async () => {
    const { token, page, context } = await openTracked('offline');
    await context.setOffline(true);
    await track(page, 'offline_1');
    await track(page, 'offline_2');
    // Failed at once, again after 1 s; the next retry would be 2 s later.
    await sleep(1500);
    assert.equal(fx.aviary.events.filter(byToken(token)).length, 1, 'only the page hit so far');
    const online = Date.now();
    await context.setOffline(false);
    const sent = await fx.aviary.waitForEvents((e) => byToken(token)(e) && e.action.startsWith('offline_'), 2, 3000);
    assert.deepEqual(sent.map((e) => e.action), ['offline_1', 'offline_2']);
    // Well before that retry: the `online` event flushed the queue, in one request.
    const request = postsFor(token).find((r) => r.lines.some((l) => l.action === 'offline_1'));
    assert.equal(request?.lines.length, 2);
    assert.ok(request!.at - online < 1200, `sent ${request!.at - online} ms after going online`);
  });

  it('retries after 503 and 429, and drops what the server rejects with another 4xx', async () => {
    const { token, page } = await openTracked('retry');
    fx.aviary.failNext(1, 503);
    await track(page, 'after_503');
    await fx.aviary.waitForEvents(byToken(token, 'after_503'), 1, 4000);
    fx.aviary.failNext(1, 429);
    await track(page, 'after_429');
    await fx.aviary.waitForEvents(byToken(token, 'after_429'), 1, 4000);
    const statuses = postsFor(token).map((r) => r.status);
    assert.deepEqual(statuses, [202, 503, 202, 429, 202]);

    fx.aviary.failNext(1, 400);
    await track(page, 'rejected');
    await sleep(1500);
    assert.deepEqual(postsFor(token).map((r) => r.status), [202, 503, 202, 429, 202, 400]);
  });

  it('hands waiting events to sendBeacon when the page is hidden', async () => {
    const { token, page } = await openTracked('beacon');
    fx.aviary.failNext(1, 503);
    await track(page, 'waiting'); // fails once, then waits ~1 s to retry
    await sleep(100);
    // Count what goes out through sendBeacon (rather than timing it against the retry timer).
    await page.evaluate(() => {
      const w = window as unknown as { beaconed: string[] };
      w.beaconed = [];
      const send = navigator.sendBeacon.bind(navigator);
      navigator.sendBeacon = (url, data) => {
        w.beaconed.push(String(data));
        return send(url, data);
      };
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await fx.aviary.waitForEvents(byToken(token, 'waiting'), 1, 3000);
    const [failed] = postsFor(token).slice(1);
    assert.equal(failed?.status, 503);
    const beaconed = await page.evaluate(() => (window as unknown as { beaconed: string[] }).beaconed);
    assert.ok(beaconed.some((body) => body.includes('"waiting"')), `handed to sendBeacon on hide: ${JSON.stringify(beaconed)}`);
    await track(page, 'while_hidden');
    await fx.aviary.waitForEvents(byToken(token, 'while_hidden'), 1, 3000);
  });
});
