/**
 * flock.js in headless Chromium: the seed's tags, attributes, page hits, SPA navigation,
 * custom events and web vitals. Delivery and privacy live in tracker-delivery / tracker-privacy.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { byToken, payloadOf, sleep, startTrackerFixture, uniqueToken, type TrackerFixture } from '../../tracker/testing/fixture.ts';
import { htmlPage, scriptTag } from '../../tracker/testing/test-site.ts';

const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
// Playwright's Chromium reports navigator.webdriver = true; this documented test-only switch lets it track.
const ALLOW = { 'data-allow-automation': 'true' };

describe('flock.js tracker', () => {
  let fx: TrackerFixture;
  before(async () => {
    fx = await startTrackerFixture();
  });
  after(() => fx.close());

  it('the seed tag sends a page hit to the origin it was served from, with tenant and domain', async () => {
    const token = uniqueToken('seed');
    const url = fx.site.page(
      '/seed/pricing',
      htmlPage(scriptTag(`${fx.aviary.url}/flock.js`, { 'data-token': token, 'data-tenant-id': 'customer-123', 'data-domain': 'app.customer.com', ...ALLOW })),
    );
    const { context, page } = await fx.open({ timezoneId: 'Europe/Madrid', locale: 'es-ES' });
    await page.goto(url + '?utm_source=news', { referer: 'https://news.example.com/article' });
    const [hit] = await fx.aviary.waitForEvents(byToken(token, 'page_hit'));
    assert.ok(hit);
    assert.equal(hit.path, '/v0/events');
    assert.equal(hit.version, '1');
    assert.equal(hit.tenant_id, 'customer-123');
    assert.equal(hit.domain, 'app.customer.com');
    assert.match(String(hit.timestamp), ISO_MS);
    assert.match(hit.session_id, UUID);
    assert.equal(typeof hit.payload, 'string');
    assert.deepEqual(payloadOf(hit), {
      'user-agent': await page.evaluate(() => navigator.userAgent),
      locale: 'es-ES',
      location: 'ES',
      referrer: 'https://news.example.com/article',
      pathname: '/seed/pricing',
      href: url + '?utm_source=news',
      screen_width: 1280, // Playwright's default viewport
    });
    const request = fx.aviary.requests.find((r) => r.method === 'POST' && r.query.get('token') === token);
    assert.equal(request?.query.get('name'), 'analytics_events');
    // text/plain keeps it a CORS "simple" request: no preflight.
    assert.match(request?.contentType ?? '', /^text\/plain/);
    assert.equal(fx.aviary.requests.filter((r) => r.method === 'OPTIONS').length, 0);
    const cookie = (await context.cookies(url)).find((c) => c.name === 'session-id');
    assert.equal(cookie?.value, hit.session_id);
    assert.equal(cookie?.secure, true);
    assert.equal(cookie?.path, '/');
    const ttl = (cookie?.expires ?? 0) - Date.now() / 1000;
    assert.ok(ttl > 1700 && ttl <= 1800, `cookie max-age ≈ 1800 s, got ${ttl}`);

    // A second page load within 30 minutes continues the session.
    await page.goto(url);
    const hits = await fx.aviary.waitForEvents(byToken(token, 'page_hit'), 2);
    assert.equal(hits[1]?.session_id, hit.session_id);
  });

  it('attributes set on DOMContentLoaded (the seed SaaS example) are on the first page hit', async () => {
    const token = uniqueToken('saas');
    const url = fx.site.page(
      '/saas',
      htmlPage(
        `<script>const tenantInfo = { id: 'tenant-dcl' };</script>` +
          scriptTag(`${fx.aviary.url}/flock.js`, { 'data-token': token, ...ALLOW }) +
          `<script>document.addEventListener('DOMContentLoaded', function () {
            const script = document.querySelector('[data-token]');
            script.setAttribute('data-tenant-id', tenantInfo.id);
            script.setAttribute('data-domain', window.location.hostname);
          });</script>`,
      ),
    );
    const { page } = await fx.open();
    await page.goto(url);
    const [hit] = await fx.aviary.waitForEvents(byToken(token, 'page_hit'));
    assert.equal(hit?.tenant_id, 'tenant-dcl');
    assert.equal(hit?.domain, '127.0.0.1');
  });

  it('a script element created at runtime (the seed dynamic configuration) works', async () => {
    const token = uniqueToken('dynamic');
    const url = fx.site.page(
      '/dynamic',
      htmlPage(`<script>
        const currentUser = { tenantId: 'customer-dyn' };
        const script = document.createElement('script');
        script.src = ${JSON.stringify(fx.aviary.url + '/flock.js')};
        script.setAttribute('data-token', ${JSON.stringify(token)});
        script.setAttribute('data-tenant-id', currentUser.tenantId);
        script.setAttribute('data-domain', window.location.hostname);
        script.setAttribute('data-allow-automation', 'true');
        document.head.appendChild(script);
      </script>`),
    );
    const { page } = await fx.open();
    await page.goto(url);
    const [hit] = await fx.aviary.waitForEvents(byToken(token, 'page_hit'));
    assert.equal(hit?.tenant_id, 'customer-dyn');
    assert.equal(hit?.domain, '127.0.0.1');
    assert.equal(payloadOf(hit!).pathname, '/dynamic');
  });

  it('honours data-host (trailing slash), data-datasource, data-tb-*/tb_* and data-stringify-payload="false"', async () => {
    const token = uniqueToken('attrs');
    const url = fx.site.page(
      '/attrs',
      // Served by the site itself: only data-host points at the sink.
      htmlPage(
        scriptTag('/assets/flock.js', {
            'data-host': fx.aviary.url + '/',
            'data-token': token,
            'data-datasource': 'my_events',
            'data-tb-app-version': '2.1',
            tb_plan: 'pro',
            'data-stringify-payload': 'false',
            ...ALLOW,
          }),
      ),
    );
    const { page } = await fx.open();
    await page.goto(url);
    const [hit] = await fx.aviary.waitForEvents(byToken(token, 'page_hit'));
    const request = fx.aviary.requests.find((r) => r.method === 'POST' && r.query.get('token') === token);
    assert.equal(request?.path, '/v0/events');
    assert.equal(request?.query.get('name'), 'my_events');
    assert.equal(typeof hit?.payload, 'object');
    assert.equal((hit?.payload as Record<string, unknown>).app_version, '2.1');
    assert.equal((hit?.payload as Record<string, unknown>).plan, 'pro');
    assert.equal((hit?.payload as Record<string, unknown>).pathname, '/attrs');
  });

  it('SPA: pushState, replaceState with a new path, back and hash changes; no duplicates', async () => {
    const token = uniqueToken('spa');
    const url = fx.site.page('/spa', htmlPage(scriptTag(`${fx.aviary.url}/flock.js`, { 'data-token': token, ...ALLOW })));
    const { page } = await fx.open();
    await page.goto(url);
    const hits = () => fx.aviary.waitForEvents(byToken(token, 'page_hit'), 0).then((l) => l.map((e) => payloadOf(e).href));
    const waitHits = (n: number) => fx.aviary.waitForEvents(byToken(token, 'page_hit'), n);
    await waitHits(1);
    await page.evaluate(() => history.pushState({}, '', '/spa/a'));
    await waitHits(2);
    await page.evaluate(() => history.pushState({}, '', '/spa/a')); // same URL again: no hit
    await sleep(300);
    await page.evaluate(() => history.replaceState({}, '', '/spa/a?tab=2')); // same path: no hit
    await sleep(300);
    await page.evaluate(() => history.replaceState({}, '', '/spa/b'));
    await waitHits(3);
    await page.goBack(); // popstate → /spa/a (the entry pushed twice)
    await waitHits(4);
    await page.evaluate(() => {
      location.hash = 'details'; // hashchange and popstate both fire: one hit
    });
    await waitHits(5);
    await sleep(400);
    const base = fx.site.url;
    assert.deepEqual(await hits(), [url, `${base}/spa/a`, `${base}/spa/b`, `${base}/spa/a`, `${base}/spa/a#details`]);
    const all = await fx.aviary.waitForEvents(byToken(token, 'page_hit'), 5);
    assert.equal(new Set(all.map((e) => e.session_id)).size, 1);
  });

  it('trackEvent sends custom events, and calls queued by the stub snippet before load', async () => {
    const token = uniqueToken('custom');
    const url = fx.site.page(
      '/custom',
      htmlPage(
        // The stub snippet documented in tracker/README.md.
        `<script>window.Tinybird=window.Tinybird||{q:[],trackEvent:function(){this.q.push(arguments)}};
         Tinybird.trackEvent('early_signup', { plan: 'pro', seats: 3 });</script>` +
          scriptTag(`${fx.aviary.url}/flock.js`, { 'data-token': token, 'data-tenant-id': 'acme', 'data-tb-build': '42', ...ALLOW }),
      ),
    );
    const { page } = await fx.open();
    await page.goto(url);
    const [early] = await fx.aviary.waitForEvents(byToken(token, 'early_signup'));
    assert.deepEqual(payloadOf(early!), { build: '42', plan: 'pro', seats: 3 });
    assert.equal(early?.tenant_id, 'acme');
    await page.evaluate(() => (window as unknown as { Tinybird: { trackEvent(n: string, p?: object): void } }).Tinybird.trackEvent('add_to_cart', { sku: 'X1', price: 9.5 }));
    const [late] = await fx.aviary.waitForEvents(byToken(token, 'add_to_cart'));
    assert.deepEqual(payloadOf(late!), { build: '42', sku: 'X1', price: 9.5 });
    const [hit] = await fx.aviary.waitForEvents(byToken(token, 'page_hit'));
    assert.equal(late?.session_id, hit?.session_id);
  });

  it('loads the web-vitals chunk only with data-web-vitals="true", and sends web_vital events', async () => {
    const plain = uniqueToken('novitals');
    const plainUrl = fx.site.page('/novitals', htmlPage(scriptTag(`${fx.aviary.url}/flock.js`, { 'data-token': plain, ...ALLOW })));
    const first = await fx.open();
    const chunkRequests = () => fx.aviary.requests.filter((r) => r.path === '/flock-web-vitals.js').length;
    await first.page.goto(plainUrl);
    await fx.aviary.waitForEvents(byToken(plain, 'page_hit'));
    await sleep(300);
    assert.equal(chunkRequests(), 0);

    const token = uniqueToken('vitals');
    const url = fx.site.page(
      '/vitals',
      htmlPage(scriptTag(`${fx.aviary.url}/flock.js`, { 'data-token': token, 'data-web-vitals': 'true', ...ALLOW }), '<h1>Vitals</h1><button id="b" onclick="this.textContent=\'clicked\'">Click me</button>'),
    );
    const { page } = await fx.open();
    await page.goto(url);
    await fx.aviary.waitForEvents(byToken(token, 'page_hit'));
    const soon = await fx.aviary.waitForEvents(byToken(token, 'web_vital'), 2); // TTFB and FCP need no interaction
    assert.equal(chunkRequests(), 1);
    await page.click('#b');
    // What a tab switch does, without a second window: web-vitals reports LCP, CLS and INP on hide.
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    const names = async () => new Set((await fx.aviary.waitForEvents(byToken(token, 'web_vital'), 0)).map((e) => payloadOf(e).name));
    await fx.aviary.waitForEvents((e) => byToken(token, 'web_vital')(e) && payloadOf(e).name === 'LCP');
    await sleep(300);
    const seen = await names();
    for (const name of ['TTFB', 'FCP', 'LCP', 'CLS']) assert.ok(seen.has(name), `${name} in ${[...seen].join(',')}`);
    const vital = payloadOf(soon[0]!);
    assert.deepEqual(Object.keys(vital).sort(), ['delta', 'href', 'id', 'name', 'navigationType', 'pathname', 'rating', 'value']);
    assert.equal(vital.pathname, '/vitals');
  });

  it('page hits carry screen_width, the viewport width in CSS px', async () => {
    for (const [width, height] of [
      [390, 844],
      [1280, 800],
    ] as const) {
      const token = uniqueToken('screen');
      const url = fx.site.page(`/screen-${token}`, htmlPage(scriptTag(`${fx.aviary.url}/flock.js`, { 'data-token': token, ...ALLOW })));
      const { page } = await fx.open({ viewport: { width, height } });
      await page.goto(url);
      const [hit] = await fx.aviary.waitForEvents(byToken(token, 'page_hit'));
      assert.equal(await page.evaluate(() => innerWidth), width);
      assert.equal(payloadOf(hit!).screen_width, width, `${width}×${height}`);
    }
  });

  it('location comes from the time zone: language region when it has the zone, else the table', async () => {
    const cases: [string, string, string][] = [
      ['Asia/Tokyo', 'en-US', 'JP'], // table
      ['America/Argentina/Cordoba', 'es-AR', 'AR'], // not in the table: Intl.Locale region check
      ['Pacific/Tarawa', 'en-US', ''], // neither
    ];
    for (const [timezoneId, locale, expected] of cases) {
      const token = uniqueToken('loc');
      const url = fx.site.page(`/loc-${token}`, htmlPage(scriptTag(`${fx.aviary.url}/flock.js`, { 'data-token': token, ...ALLOW })));
      const { page } = await fx.open({ timezoneId, locale });
      await page.goto(url);
      const [hit] = await fx.aviary.waitForEvents(byToken(token, 'page_hit'));
      assert.equal(payloadOf(hit!).location, expected, `${timezoneId} ${locale}`);
    }
  });
});
