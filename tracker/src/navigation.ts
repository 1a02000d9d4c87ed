/**
 * Page hits for single-page apps: history.pushState / replaceState, back/forward (popstate) and
 * hash changes. Hits are sent after a short delay so routers have finished updating the URL, and
 * a URL is never counted twice in a row; replaceState counts only when the path changes
 * (routers use it to rewrite query strings and scroll state).
 */

const ROUTER_DELAY_MS = 100;

let lastHref = '';
let lastPath = '';

export function watchNavigation(sendPageHit: () => void): void {
  const later = (pathOnly?: boolean) => setTimeout(() => pageHit(sendPageHit, pathOnly), ROUTER_DELAY_MS);
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args);
      later(method == 'replaceState');
    };
  }
  for (const event of ['popstate', 'hashchange']) addEventListener(event, () => later());
}

export function pageHit(sendPageHit: () => void, pathOnly?: boolean): void {
  const { href, pathname } = location;
  if (href == lastHref || (pathOnly && pathname == lastPath)) return;
  lastHref = href;
  lastPath = pathname;
  sendPageHit();
}
