/**
 * flock.js core: finds its <script> tag, installs window.Tinybird.trackEvent, sends a page hit
 * once the document is ready and on every SPA navigation, and loads the extensions chunk on demand.
 * Every attribute is read when an event is created (see script-config.ts).
 */
import { startDelivery, enqueue } from './delivery-queue.ts';
import { countryFromTimeZone } from './location-table.ts';
import { pageHit, watchNavigation } from './navigation.ts';
import { maskedJson } from './payload.ts';
import { endpoint, findScript, tbAttributes } from './script-config.ts';
import { sessionId } from './session.ts';
import { tinybirdWindow } from './tinybird-api.ts';

const script = findScript();
// The tag's data-* attributes, a live view: data.tenantId is data-tenant-id as it is right now.
const data: DOMStringMap = script?.dataset ?? {};
// Relative URLs (the web-vitals chunk, the default host) resolve against it; an inline copy has no src.
const scriptUrl = script?.src || location.href;
const stub = tinybirdWindow.Tinybird;
const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
const automation = window as unknown as { Cypress?: unknown; __nightmare?: unknown };

function track(action: string, payload?: object): void {
  const json = maskedJson({ ...tbAttributes(script), ...payload });
  // Absurd user agents are almost always bots or injection attempts (contract: drop over 500 chars).
  if (!json || nav.userAgent.length > 500) return;
  const domain = data.domain;
  enqueue(
    JSON.stringify({
      timestamp: new Date().toISOString(),
      action,
      version: '1',
      session_id: sessionId(data.storage, domain),
      tenant_id: data.tenantId || '',
      domain: domain || '',
      payload: data.stringifyPayload == 'false' ? JSON.parse(json) : json,
    }),
  );
}

const sendPageHit = (): void =>
  track('page_hit', {
    'user-agent': nav.userAgent,
    locale: nav.language,
    location: countryFromTimeZone(),
    referrer: document.referrer,
    pathname: location.pathname,
    href: location.href,
    // The viewport in CSS px, what the kit buckets into mobile / tablet / laptop / desktop.
    screen_width: innerWidth,
  });

// After DOMContentLoaded *and* one more task, so attributes set by the page's own
// DOMContentLoaded listeners (the seed's multi-tenant example) are on the first hit.
function whenReady(): void {
  if (document.readyState == 'loading') document.addEventListener('DOMContentLoaded', whenReady);
  else
    setTimeout(() => {
      pageHit(sendPageHit);
      for (const args of stub?.q ?? []) track(...(args as [string, object]));
      // One chunk for every opt-in feature (it loads web-vitals itself): a second loader
      // would not fit the core's size budget. Any value loads it; the chunk reads each one.
      if (data.webVitals || script?.getAttribute('web-vitals') || data.outboundLinks || data.fileDownloads || data['track-404'] || data.engagement) {
        const chunk = document.createElement('script');
        // A URL object assigned to src reads as its href (the cast saves the core bytes).
        chunk.src = new URL('flock-extensions.js', scriptUrl) as unknown as string;
        document.head.append(chunk);
      }
    });
}

function start(): void {
  // Why nothing will be sent, in one console line naming the attribute that changes it: a
  // site owner trying the tag would otherwise see a silent script.
  const off =
    (data.proxy && data.proxyUrl && 'data-proxy or data-proxy-url, not both') ||
    // data-allow-automation="true" is a test-only switch: it lets browser tests drive real pages.
    (data.allowAutomation != 'true' &&
      (nav.webdriver || automation.Cypress || automation.__nightmare) &&
      'automation without data-allow-automation="true"') ||
    (data.respectDnt == 'true' &&
      (nav.doNotTrack == '1' || nav.globalPrivacyControl) &&
      'Do Not Track or GPC with data-respect-dnt="true"');
  // When off, trackEvent still exists so the page's own calls never throw.
  tinybirdWindow.Tinybird = { trackEvent: off ? () => {} : track };
  if (off) return console.warn('flock.js: nothing sent: ' + off);
  startDelivery(() => endpoint(data, scriptUrl));
  watchNavigation(sendPageHit);
  // A prerendered page is not a visit until the user actually sees it (the event fires once, on activation).
  if ((document as Document & { prerendering?: boolean }).prerendering) document.addEventListener('prerenderingchange', whenReady);
  else whenReady();
}

// A Tinybird object without a stub queue means a tracker already runs (the tag is on the page
// twice, or a router re-inserted it): a second one would double every page hit.
if (!stub || stub.q) start();
