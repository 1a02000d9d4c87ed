/**
 * flock.js privacy and filtering in headless Chromium: automation, Do-Not-Track / Global Privacy
 * Control, the storage modes (what each keeps in the browser), PII masking, size limits and the
 * proxy attributes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { byToken, payloadOf, sleep, startTrackerFixture, uniqueToken, type TrackerFixture } from '../../tracker/testing/fixture.ts';
import { htmlPage, scriptTag } from '../../tracker/testing/test-site.ts';

const ALLOW = { 'data-allow-automation': 'true' };

const storageSnapshot = (page: Page) =>
  page.evaluate(() => ({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }));

describe('flock.js privacy', () => {
  let fx: TrackerFixture;
  before(async () => {
    fx = await startTrackerFixture();
  });
  after(() => fx.close());

  async function load(name: string, attrs: Record<string, string>, { clock, ...options }: BrowserContextOptions & { init?: string; clock?: boolean } = {}) {
    const token = uniqueToken(name);
    const url = fx.site.page(`/${name}`, htmlPage(scriptTag(`${fx.aviary.url}/flock.js`, { 'data-token': token, ...attrs })));
    const { context, page } = await fx.open(options);
    if (clock) await page.clock.install();
    // Every console line flock.js writes, as "type: text" (the browser's own, a missing favicon say, left out).
    const logged: string[] = [];
    page.on('console', (m) => m.location().url.endsWith('/flock.js') && logged.push(`${m.type()}: ${m.text()}`));
    await page.goto(url);
    return { token, url, context, page, logged };
  }
  const nothingSent = async (token: string) => {
    await sleep(800);
    assert.equal(fx.aviary.events.filter(byToken(token)).length, 0);
  };

  it('sends nothing from automated browsers without the test-only switch, and says so once', async () => {
    const { token, page, logged } = await load('webdriver', {});
    assert.equal(await page.evaluate(() => navigator.webdriver), true);
    // trackEvent still exists, so the site's own calls never throw.
    await page.evaluate(() => (window as unknown as { Tinybird: { trackEvent(n: string): void } }).Tinybird.trackEvent('x'));
    await nothingSent(token);
    assert.deepEqual(logged, ['warning: flock.js: nothing sent: automation without data-allow-automation="true"']);
  });

  it('logs nothing when it sends', async () => {
    const { token, logged } = await load('quiet', ALLOW);
    await fx.aviary.waitForEvents(byToken(token, 'page_hit'));
    assert.deepEqual(logged, []);
  });

  it('honours Do-Not-Track and Global Privacy Control with data-respect-dnt="true"', async () => {
    const dnt = "Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' });";
    const gpc = "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true });";
    const a = await load('dnt', { 'data-respect-dnt': 'true', ...ALLOW }, { init: dnt });
    const b = await load('gpc', { 'data-respect-dnt': 'true', ...ALLOW }, { init: gpc });
    const c = await load('dnt-ignored', ALLOW, { init: dnt }); // not asked to respect it
    await fx.aviary.waitForEvents(byToken(c.token, 'page_hit'));
    await nothingSent(a.token);
    await nothingSent(b.token);
    assert.deepEqual(await storageSnapshot(a.page), { local: {}, session: {}, cookie: '' });
    const line = 'warning: flock.js: nothing sent: Do Not Track or GPC with data-respect-dnt="true"';
    assert.deepEqual([a.logged, b.logged, c.logged], [[line], [line], []]);
  });

  it('data-storage="none" keeps nothing in the browser: one session per page load', async () => {
    const { token, url, page } = await load('none', { 'data-storage': 'none', ...ALLOW });
    const [first] = await fx.aviary.waitForEvents(byToken(token, 'page_hit'));
    await page.evaluate(() => history.pushState({}, '', location.pathname + '/next'));
    const [, spa] = await fx.aviary.waitForEvents(byToken(token, 'page_hit'), 2);
    assert.equal(spa?.session_id, first?.session_id);
    assert.deepEqual(await storageSnapshot(page), { local: {}, session: {}, cookie: '' });
    await page.goto(url);
    const [, , reload] = await fx.aviary.waitForEvents(byToken(token, 'page_hit'), 3);
    assert.notEqual(reload?.session_id, first?.session_id);
  });

  for (const mode of ['localStorage', 'sessionStorage'] as const) {
    it(`data-storage="${mode}" keeps "<id>|<expiry>" under session-id, with a 30-minute sliding expiry`, async () => {
      const { token, url, page, context } = await load(mode.toLowerCase(), { 'data-storage': mode, ...ALLOW }, { clock: true });
      const [hit] = await fx.aviary.waitForEvents(byToken(token, 'page_hit'));
      const snap = await storageSnapshot(page);
      const other = mode === 'localStorage' ? snap.session : snap.local;
      const [id, expiry] = (mode === 'localStorage' ? snap.local : snap.session)['session-id']!.split('|');
      assert.equal(id, hit?.session_id);
      assert.ok(Math.abs(Number(expiry) - Date.now() - 1800e3) < 10e3);
      assert.deepEqual(other, {});
      assert.equal(snap.cookie, '');
      assert.deepEqual(await context.cookies(), []);
      await page.goto(url);
      const [, again] = await fx.aviary.waitForEvents(byToken(token, 'page_hit'), 2);
      assert.equal(again?.session_id, hit?.session_id);
      // Sliding expiry: 29 idle minutes keep the session (and renew it), 31 more start a new one.
      const hitAfter = async (minutes: number, n: number) => {
        await page.clock.fastForward(minutes * 60e3);
        await page.evaluate((p) => history.pushState({}, '', p), `/${mode}/hit-${n}`);
        return (await fx.aviary.waitForEvents(byToken(token, 'page_hit'), n))[n - 1];
      };
      assert.equal((await hitAfter(29, 3))?.session_id, id);
      assert.equal((await hitAfter(29, 4))?.session_id, id);
      assert.notEqual((await hitAfter(31, 5))?.session_id, id);
    });
  }

  it('masks PII values at any depth, whatever the key case or separator', async () => {
    const { token, page } = await load('pii', ALLOW);
    await page.evaluate(() =>
      (window as unknown as { Tinybird: { trackEvent(n: string, p: object): void } }).Tinybird.trackEvent('checkout', {
        email: 'a@b.c',
        userId: 7,
        'credit-card': '4111',
        Password: 'x',
        plan: 'pro',
        customer: { phone: '555', address: { street: 'x' }, country: 'ES' },
      }),
    );
    const [e] = await fx.aviary.waitForEvents(byToken(token, 'checkout'));
    const M = '********';
    assert.deepEqual(payloadOf(e!), {
      email: M,
      userId: M,
      'credit-card': M,
      Password: M,
      plan: 'pro',
      customer: { phone: M, address: M, country: 'ES' },
    });
  });

  it('drops payloads over 10,240 characters and every event from user agents over 500', async () => {
    const { token, page } = await load('big', ALLOW);
    await page.evaluate(() => {
      const tb = (window as unknown as { Tinybird: { trackEvent(n: string, p: object): void } }).Tinybird;
      tb.trackEvent('too_big', { blob: 'x'.repeat(10240) });
      tb.trackEvent('fits', { blob: 'x'.repeat(10000) });
    });
    await fx.aviary.waitForEvents(byToken(token, 'fits'));
    assert.equal(fx.aviary.events.filter(byToken(token, 'too_big')).length, 0);

    const long = await load('long-ua', ALLOW, { userAgent: 'Mozilla/5.0 ' + 'x'.repeat(500) });
    await nothingSent(long.token);
  });

  it('data-proxy posts to {proxy}/api/tracking, data-proxy-url to itself, both together to nowhere', async () => {
    const before = fx.aviary.requests.length;
    const proxied = await load('proxy', { 'data-proxy': fx.aviary.url + '/', ...ALLOW });
    await fx.aviary.waitForEvents((e) => e.path === '/api/tracking' && payloadOf(e).pathname === '/proxy');
    const full = await load('proxy-url', { 'data-proxy-url': `${fx.aviary.url}/collect?site=1`, ...ALLOW });
    await fx.aviary.waitForEvents((e) => e.path === '/collect' && payloadOf(e).pathname === '/proxy-url');
    const both = await load('proxy-both', { 'data-proxy': fx.aviary.url, 'data-proxy-url': `${fx.aviary.url}/collect`, ...ALLOW });
    await sleep(800);
    const posts = fx.aviary.requests.slice(before).filter((r) => r.method === 'POST');
    assert.equal(posts.filter((r) => r.lines.some((l) => JSON.parse(String(l.payload)).pathname === '/proxy-both')).length, 0);
    assert.deepEqual(both.logged, ['warning: flock.js: nothing sent: data-proxy or data-proxy-url, not both']);
    assert.deepEqual([proxied.logged, full.logged], [[], []]);
  });
});
