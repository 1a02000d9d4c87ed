/**
 * `outbound_click` (data-outbound-links="true") and `file_download` (data-file-downloads="true"
 * or a comma list of extensions): a click, ctrl/cmd-click or middle click on a link, the event
 * payload `url` (the link's href) and `pathname` (the page's).
 *
 * Nothing here delays or cancels navigation: the listener never calls preventDefault, and the
 * event is queued in the same task, so the core's keepalive fetch starts before the browser
 * leaves the page (and what is still queued goes by sendBeacon on pagehide). A click the page
 * itself cancels still counts: the visitor asked for the link (pages open it by script).
 */

/** Plausible's documented default list. */
const DEFAULT_EXTENSIONS = 'pdf,xlsx,docx,txt,rtf,csv,exe,key,pps,ppt,pptx,7z,pkg,rar,gz,zip,avi,mov,mp4,mpeg,wmv,midi,mp3,wav,wma,dmg';

type Track = (action: 'outbound_click' | 'file_download', payload: { url: string; pathname: string }) => void;

/** The extensions an attribute value asks for: "true" the default list, else its own (".PDF, zip" → pdf, zip). */
export function downloadExtensions(value: string | undefined): string[] {
  if (!value || value == 'false') return [];
  return (value == 'true' ? DEFAULT_EXTENSIONS : value)
    .split(',')
    .map((e) => e.trim().replace(/^\./, '').toLowerCase())
    .filter(Boolean);
}

/** The event a link click is, if any: a download first (wherever the file is), else outbound. */
export function linkAction(link: HTMLAnchorElement, extensions: readonly string[], outbound: boolean): 'outbound_click' | 'file_download' | '' {
  const extension = /\.([^./]+)$/.exec(link.pathname)?.[1]?.toLowerCase();
  if (extension && extensions.includes(extension)) return 'file_download';
  // mailto:, tel:, javascript: links have no host of their own: not a visit elsewhere.
  return outbound && /^https?:$/.test(link.protocol) && link.host != location.host ? 'outbound_click' : '';
}

/** `data` is the tag's live dataset: the attributes are read at each click. */
export function watchLinkClicks(data: DOMStringMap, track: Track): void {
  const onClick = (event: MouseEvent): void => {
    // auxclick also fires for the right button (which opens a menu, not the link).
    if (event.type == 'auxclick' && event.button != 1) return;
    // composedPath reaches links inside shadow roots, and the link around a clicked <img> or <span>.
    const link = event.composedPath().find((n): n is HTMLAnchorElement => n instanceof HTMLAnchorElement && !!n.href);
    const action = link && linkAction(link, downloadExtensions(data.fileDownloads), data.outboundLinks == 'true');
    if (action) track(action, { url: link.href, pathname: location.pathname });
  };
  // Capture: a page handler that stops propagation must not hide the click.
  document.addEventListener('click', onClick, true);
  document.addEventListener('auxclick', onClick, true);
}
