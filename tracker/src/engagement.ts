/**
 * `engagement` (data-engagement="true"): one event per page view, when the view ends, with the
 * deepest scroll reached and the engaged time, as Plausible measures them:
 * - engaged time counts while the page is visible *and* its window has focus;
 * - scroll depth is the bottom of the viewport over the document's height, its maximum over
 *   the view, as a whole percentage (a page shorter than the viewport is read to 100%).
 * A view ends when the page is hidden (tab switch, app switch, lock: a hidden page may be
 * frozen or discarded without another event), on pagehide, or on an SPA navigation, before
 * the core's page hit for the next view. Unlike Plausible, which sends again on every hide
 * (only with 3 s more or a deeper scroll) and sums the events, a view sends exactly once, so
 * each event is one view and averages need no grouping; time spent after coming back to an
 * already reported tab is therefore not counted.
 */
import { onNavigation, pageHit } from './navigation.ts';

type Send = (payload: { pathname: string; scroll_depth: number; engaged_ms: number }) => void;

let pathname = '';
let engagedMs = 0;
/** When the current engaged stretch began (ms); 0 while not engaged or after the view ended. */
let since = 0;
let deepestPx = 0;
let ended = false;

function documentHeight(): number {
  const body = document.body;
  const root = document.documentElement;
  return Math.max(body?.scrollHeight ?? 0, body?.offsetHeight ?? 0, root.scrollHeight, root.offsetHeight, root.clientHeight);
}

function scrolled(): void {
  const height = documentHeight();
  deepestPx = Math.max(deepestPx, height <= innerHeight ? height : scrollY + innerHeight);
}

/** Closes the running stretch and opens one if the page is engaged now. */
function retime(): void {
  if (ended) return;
  const now = Date.now();
  if (since) engagedMs += now - since;
  since = document.visibilityState == 'visible' && document.hasFocus() ? now : 0;
}

function startView(): void {
  pathname = location.pathname;
  engagedMs = since = deepestPx = 0;
  ended = false;
  scrolled();
  retime();
}

function endView(send: Send): void {
  if (ended) return;
  retime();
  ended = true;
  scrolled();
  // Content can grow after the deepest point was reached (lazy sections): read against the height now.
  const height = documentHeight();
  send({ pathname, scroll_depth: height ? Math.min(100, Math.round((deepestPx * 100) / height)) : 0, engaged_ms: engagedMs });
}

export function watchEngagement(send: Send): void {
  pageHit(startView);
  addEventListener('scroll', scrolled, { passive: true });
  addEventListener('focus', retime);
  addEventListener('blur', retime);
  document.addEventListener('visibilitychange', () => (document.visibilityState == 'hidden' ? endView(send) : retime()));
  addEventListener('pagehide', () => endView(send));
  // Synchronously, so the engagement is queued before the core's page hit for the next view.
  onNavigation((pathOnly) =>
    pageHit(() => {
      endView(send);
      startView();
    }, pathOnly),
  );
}
