/**
 * Page views of single-page apps: history.pushState / replaceState, back/forward (popstate) and
 * hash changes. The core sends its page hits a short delay after them, so routers have finished
 * updating the URL; a URL is never counted twice in a row, and replaceState counts only when the
 * path changes (routers use it to rewrite query strings and scroll state). The extensions chunk
 * bundles its own copy of this module (its own last URL) to end a page view on the same rule.
 */

const ROUTER_DELAY_MS = 100;

let lastHref = '';
let lastPath = '';

/** Calls `handler` right after each history change (`pathOnly` for replaceState). */
export function onNavigation(handler: (pathOnly?: boolean) => void): void {
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args);
      handler(method == 'replaceState');
    };
  }
  for (const event of ['popstate', 'hashchange']) addEventListener(event, () => handler());
}

export function watchNavigation(sendPageHit: () => void): void {
  onNavigation((pathOnly) => setTimeout(() => pageHit(sendPageHit, pathOnly), ROUTER_DELAY_MS));
}

/** Calls `newView` when the URL is a new page view by the rule above. */
export function pageHit(newView: () => void, pathOnly?: boolean): void {
  const { href, pathname } = location;
  if (href == lastHref || (pathOnly && pathname == lastPath)) return;
  lastHref = href;
  lastPath = pathname;
  newView();
}
