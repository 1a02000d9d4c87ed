/**
 * Lazily loaded chunk (flock-extensions.js): the tag's opt-in features. The core adds it once
 * the document is ready when any of their attributes has a value; each is read here.
 * Every event goes through window.Tinybird.trackEvent, so it gets the core's envelope,
 * session, masking and delivery (keepalive fetch, sendBeacon once the page hides).
 */
import { watchEngagement } from './engagement.ts';
import { watchLinkClicks } from './link-clicks.ts';
import { tinybirdWindow } from './tinybird-api.ts';

// The tag that asked for this chunk (document.currentScript is the chunk's own element).
const tag = document.querySelector<HTMLScriptElement>(
  'script[data-outbound-links],script[data-file-downloads],script[data-track-404],script[data-engagement],script[data-web-vitals],script[web-vitals]',
);
const data: DOMStringMap = tag?.dataset ?? {};
const api = tinybirdWindow.Tinybird;
const track = (action: string, payload: object): void => api?.trackEvent(action, payload);

if (data.webVitals == 'true' || tag?.getAttribute('web-vitals') == 'true') {
  const chunk = document.createElement('script');
  chunk.src = new URL('flock-web-vitals.js', (document.currentScript as HTMLScriptElement).src).href;
  document.head.append(chunk);
}

if (data.outboundLinks || data.fileDownloads) watchLinkClicks(data, track);

if (data.engagement == 'true') watchEngagement((payload) => track('engagement', payload));

if (api && data['track-404'] == 'true') {
  // A page's own trackEvent('not_found') gets the pathname too (calls queued before the
  // chunk loaded went straight to the core: pass { pathname } there, or use the meta tag).
  const core = api.trackEvent;
  api.trackEvent = (name, payload) => core(name, name == 'not_found' ? { pathname: location.pathname, ...payload } : payload);
  if (document.querySelector('meta[name="flock:404"]')) track('not_found', { pathname: location.pathname });
}
