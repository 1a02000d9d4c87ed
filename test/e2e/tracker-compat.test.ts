/**
 * Both trackers against the same server contract: the published @tinybirdco/flock.js (from npm,
 * loaded with data-host pointing at the sink) lands its page hits just like ours. It sends
 * application/json, so this also proves the sink answers the CORS preflight.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { byToken, payloadOf, startTrackerFixture, uniqueToken, type TrackerFixture } from '../../tracker/testing/fixture.ts';
import { htmlPage, scriptTag } from '../../tracker/testing/test-site.ts';

// The published script skips navigator.webdriver and has no switch to allow it.
const NOT_WEBDRIVER = "Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false });";

describe('published @tinybirdco/flock.js compatibility', () => {
  let fx: TrackerFixture;
  before(async () => {
    fx = await startTrackerFixture();
  });
  after(() => fx.close());

  it('posts page hits and custom events that the sink accepts', async () => {
    const token = uniqueToken('published');
    const url = fx.site.page(
      '/published/home',
      htmlPage(scriptTag('/vendor/flock.js', { 'data-host': fx.aviary.url, 'data-token': token })),
    );
    const { page } = await fx.open({ init: NOT_WEBDRIVER, timezoneId: 'Europe/Madrid', locale: 'es-ES' });
    await page.goto(url, { referer: 'https://search.example.org/' });
    const [hit] = await fx.aviary.waitForEvents(byToken(token, 'page_hit'));
    assert.equal(hit?.version, '1');
    assert.equal(typeof hit?.payload, 'string');
    const payload = payloadOf(hit!);
    assert.equal(payload.pathname, '/published/home');
    assert.equal(payload.href, url);
    assert.equal(payload.location, 'ES');
    assert.equal(payload.referrer, 'https://search.example.org/');
    const post = fx.aviary.requests.find((r) => r.method === 'POST' && r.query.get('token') === token);
    assert.equal(post?.query.get('name'), 'analytics_events');
    assert.match(post?.contentType ?? '', /^application\/json/);
    assert.ok(fx.aviary.requests.some((r) => r.method === 'OPTIONS' && r.query.get('token') === token), 'preflight answered');

    await page.evaluate(() => (window as unknown as { Tinybird: { trackEvent(n: string, p: object): void } }).Tinybird.trackEvent('signup', { plan: 'pro' }));
    const [custom] = await fx.aviary.waitForEvents(byToken(token, 'signup'));
    assert.equal(payloadOf(custom!).plan, 'pro');
  });
});
