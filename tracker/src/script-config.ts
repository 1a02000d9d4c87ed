/**
 * The <script> element that loaded the tracker, and what its attributes configure.
 * Attributes are read every time they are needed (through the element's live `dataset`), never
 * cached: the seed's SaaS example sets data-tenant-id / data-domain on DOMContentLoaded, after
 * the script has run.
 */

/** Our own element: document.currentScript while the script first runs, else a best guess. */
export function findScript(): HTMLScriptElement | null {
  return (
    (document.currentScript as HTMLScriptElement | null) ??
    document.querySelector<HTMLScriptElement>('script[data-token],script[src$="flock.js"]')
  );
}

const stripSlashes = (url: string): string => url.replace(/\/+$/, '');

/**
 * Where events are POSTed. The host defaults to the origin the script was served from, so a tag
 * pasted from an Aviary server needs no data-host. (data-proxy together with data-proxy-url is
 * rejected once at start, in index.ts.)
 */
export function endpoint(data: DOMStringMap, scriptUrl: string): string {
  const proxy = data.proxy;
  return (
    data.proxyUrl ||
    (proxy
      ? stripSlashes(proxy) + '/api/tracking'
      : `${stripSlashes(data.host || new URL(scriptUrl).origin)}/v0/events?name=${data.datasource || 'analytics_events'}&token=${data.token}`)
  );
}

/** `data-tb-app-version="2"` and `tb_app_version="2"` both become `{app_version: "2"}`. */
export function tbAttributes(script: Element | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { name, value } of script?.attributes ?? []) {
    const m = /^(?:data-tb-|tb_)(.+)/.exec(name);
    if (m) out[m[1]!.replace(/-/g, '_')] = value;
  }
  return out;
}
