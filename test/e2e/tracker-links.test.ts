/**
 * flock.js extensions in headless Chromium, link side: outbound clicks, file downloads and 404
 * pages arrive as typed events, navigation is never held up, and a tag without the attributes
 * loads no chunk at all. The core stays within its size budget.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTracker, CORE_GZIP_BUDGET } from '../../tracker/build.ts';
import { byToken, CHUNK_RAN, payloadOf, sleep, startTrackerFixture, uniqueToken, type TrackerFixture } from '../../tracker/testing/fixture.ts';
import { htmlPage, scriptTag } from '../../tracker/testing/test-site.ts';

const ALLOW = { 'data-allow-automation': 'true' };
// The page cancels every click: download links stay on the page (their clicks still count).
const CANCEL_CLICKS = `<script>document.addEventListener('click', (e) => e.preventDefault());</script>`;

describe('flock.js link extensions', () => {
  let fx: TrackerFixture;
  // The test site under another host name: links there are outbound.
  let elsewhere: string;
  before(async () => {
    fx = await startTrackerFixture();
    elsewhere = fx.site.page('/landing', htmlPage('', '<h1>Landing</h1>')).replace('127.0.0.1', 'localhost');
  });
  after(() => fx.close());

  const chunkRequests = () => fx.aviary.requests.filter((r) => r.path === '/flock-extensions.js').length;

  async function open(name: string, attrs: Record<string, string>, body: string, head = '') {
    const token = uniqueToken(name);
    const url = fx.site.page(`/${name}`, htmlPage(head + scriptTag(`${fx.aviary.url}/flock.js`, { 'data-token': token, ...ALLOW, ...attrs }), body));
    const { context, page } = await fx.open({ init: CHUNK_RAN });
    await page.goto(url);
    await page.waitForFunction(() => (window as { chunkRan?: boolean }).chunkRan);
    return { token, context, page };
  }
  const actions = async (token: string) => (await fx.aviary.waitForEvents(byToken(token), 0)).filter((e) => e.action !== 'page_hit');

  it('the core stays within its gzip budget', async () => {
    const { coreGzipBytes } = await buildTracker();
    assert.ok(coreGzipBytes <= CORE_GZIP_BUDGET, `${coreGzipBytes} > ${CORE_GZIP_BUDGET}`);
  });

  it('without the attributes no chunk loads and a click sends nothing', async () => {
    const before = chunkRequests();
    const token = uniqueToken('plain');
    const url = fx.site.page('/plain', htmlPage(scriptTag(`${fx.aviary.url}/flock.js`, { 'data-token': token, ...ALLOW }), `<meta name="flock:404"><a id="out" href="${elsewhere}">out</a>`));
    const { page } = await fx.open();
    await page.goto(url);
    await fx.aviary.waitForEvents(byToken(token, 'page_hit'));
    await page.click('#out');
    await page.waitForURL(elsewhere);
    await sleep(300);
    assert.equal(chunkRequests(), before);
    assert.deepEqual(await actions(token), []);
  });

  it('an outbound click is sent and the link still navigates, in the same tab and in new ones', async () => {
    const { token, context, page } = await open(
      'outbound',
      { 'data-outbound-links': 'true' },
      `<a id="blank" target="_blank" href="${elsewhere}?blank">blank</a> <a id="middle" href="${elsewhere}?middle">middle</a>
       <a id="ctrl" href="${elsewhere}?ctrl">ctrl</a> <a id="cancelled" href="${elsewhere}?cancelled" onclick="event.preventDefault()">cancelled</a>
       <a id="inside" href="/outbound/next">inside</a> <a id="mail" href="mailto:a@example.com">mail</a> <a id="out" href="${elsewhere}?same"><span>same tab</span></a>`,
    );
    const popup = context.waitForEvent('page');
    await page.click('#blank');
    assert.equal((await popup).url(), `${elsewhere}?blank`);
    const middle = context.waitForEvent('page');
    await page.click('#middle', { button: 'middle' });
    await middle;
    const ctrl = context.waitForEvent('page');
    await page.click('#ctrl', { modifiers: ['Control'] });
    await ctrl;
    await page.click('#cancelled');
    await page.click('#mail', { button: 'right' });
    await page.click('span');
    await page.waitForURL(`${elsewhere}?same`);
    const events = await fx.aviary.waitForEvents(byToken(token, 'outbound_click'), 5);
    assert.deepEqual(
      events.map((e) => payloadOf(e)),
      ['blank', 'middle', 'ctrl', 'cancelled', 'same'].map((q) => ({ url: `${elsewhere}?${q}`, pathname: '/outbound' })),
    );
    assert.deepEqual((await actions(token)).map((e) => e.action), Array(5).fill('outbound_click'));
  });

  it('file downloads by the default extension list, a download elsewhere being one event', async () => {
    const { token, page } = await open(
      'downloads',
      { 'data-file-downloads': 'true', 'data-outbound-links': 'true' },
      `<a id="pdf" href="/files/Report.PDF?v=2">pdf</a> <a id="json" href="/files/data.json">json</a>
       <a id="zip" href="${elsewhere}/pkg.zip">zip</a> <a id="dir" href="/files.pdf/">dir</a>`,
      CANCEL_CLICKS,
    );
    for (const id of ['pdf', 'json', 'zip', 'dir']) await page.click(`#${id}`);
    const downloads = await fx.aviary.waitForEvents(byToken(token, 'file_download'), 2);
    await sleep(300);
    assert.deepEqual(
      (await actions(token)).map((e) => [e.action, payloadOf(e)]),
      [
        ['file_download', { url: `${fx.site.url}/files/Report.PDF?v=2`, pathname: '/downloads' }],
        ['file_download', { url: `${elsewhere}/pkg.zip`, pathname: '/downloads' }],
      ],
    );
    assert.equal(downloads.length, 2);
  });

  it('a download link that leaves the page is stored once, though its fetch is still in flight at pagehide', async () => {
    // Regression: the unload rejects the keepalive fetch the browser still delivers; the core
    // put the batch back and sent it again by beacon.
    fx.site.page('/files/leave.pdf', htmlPage('', 'pdf'));
    const { token, page } = await open('leave', { 'data-file-downloads': 'true' }, '<a id="pdf" href="/files/leave.pdf">pdf</a>');
    fx.aviary.answerAfter(500);
    try {
      await page.click('#pdf');
      await page.waitForURL(`${fx.site.url}/files/leave.pdf`);
      await fx.aviary.waitForEvents(byToken(token, 'file_download'));
      await sleep(1500);
    } finally {
      fx.aviary.answerAfter(0);
    }
    assert.equal((await actions(token)).length, 1);
  });

  it('a comma list of extensions replaces the default list', async () => {
    const { token, page } = await open(
      'custom-downloads',
      { 'data-file-downloads': ' .JSON, epub ' },
      `<a id="pdf" href="/files/a.pdf">pdf</a> <a id="json" href="/files/a.json">json</a> <a id="epub" href="/files/b.epub">epub</a>`,
      CANCEL_CLICKS,
    );
    for (const id of ['pdf', 'json', 'epub']) await page.click(`#${id}`);
    await fx.aviary.waitForEvents(byToken(token, 'file_download'), 2);
    await sleep(300);
    assert.deepEqual(
      (await actions(token)).map((e) => payloadOf(e).url),
      [`${fx.site.url}/files/a.json`, `${fx.site.url}/files/b.epub`],
    );
  });

  it('a 404 page tagged with <meta name="flock:404"> sends not_found; trackEvent("not_found") gets the pathname', async () => {
    const { token, page } = await open('missing', { 'data-track-404': 'true' }, '<h1>Not found</h1>', '<meta name="flock:404">');
    const [notFound] = await fx.aviary.waitForEvents(byToken(token, 'not_found'));
    assert.deepEqual(payloadOf(notFound!), { pathname: '/missing' });
    await page.evaluate(() => (window as unknown as { Tinybird: { trackEvent(n: string, p?: object): void } }).Tinybird.trackEvent('not_found', { reason: 'router' }));
    const both = await fx.aviary.waitForEvents(byToken(token, 'not_found'), 2);
    assert.deepEqual(payloadOf(both[1]!), { pathname: '/missing', reason: 'router' });

    const other = await open('found', { 'data-track-404': 'true' }, '<h1>Here</h1>');
    await sleep(300);
    assert.deepEqual(await actions(other.token), []);
  });
});
