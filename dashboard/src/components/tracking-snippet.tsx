/**
 * The script tag to paste, filled in with this installation's address and the tenant's
 * own values, so an empty dashboard says exactly what to do. An admin gets a real token
 * (bound to the tenant in view, see use-tracker-token.ts); others get a placeholder to ask for.
 */
import { useReport } from "../state/report-context.ts";
import { useCopy } from "../state/use-copy.ts";
import { useTrackerToken, type TrackerToken } from "../state/use-tracker-token.ts";

export function trackingSnippet(values: { origin: string; token: string; tenantId?: string; domain?: string; webVitals?: boolean }): string {
  const attributes = [
    `defer`,
    `src="${values.origin}/flock.js"`,
    `data-token="${values.token}"`,
    ...(values.tenantId ? [`data-tenant-id="${values.tenantId}"`] : []),
    `data-domain="${values.domain ?? "your-site.example"}"`,
    ...(values.webVitals ? [`data-web-vitals="true"`] : []),
  ];
  return `<script\n  ${attributes.join("\n  ")}\n></script>`;
}

function snippetNote(tracker: TrackerToken, tenantId: string | undefined): string {
  if (tracker.kind === "placeholder") {
    const bound = tenantId ? ` (ideally one bound to ${tenantId}: npx aviary token tracker --tenant ${tenantId})` : "";
    return `Replace YOUR_TRACKER_TOKEN with the tracker token your administrator gives you${bound}.`;
  }
  const head = "Put it in the <head> of every page of the site.";
  if (tracker.kind === "shared") return `${head} This is the shared tracker token: pages choose their tenant with data-tenant-id.`;
  const sites = tracker.domains.length > 0 ? `, and only pages on ${tracker.domains.join(" or ")} may use it` : "";
  return `${head} This token writes only to ${tenantId}, whatever data-tenant-id says${sites}.`;
}

export function TrackingSnippet({ webVitals = false }: { webVitals?: boolean }) {
  const { operator, tenantId, view } = useReport();
  const tracker = useTrackerToken(operator, tenantId, view.domain);
  const [copied, copy] = useCopy();
  const text = trackingSnippet({ origin: window.location.origin, token: tracker.token, tenantId, domain: view.domain, webVitals });

  return (
    <>
      <pre className="snippet" data-testid="tracking-snippet">
        <code>{text}</code>
      </pre>
      <div className="panel-foot">
        <span data-testid="tracking-snippet-note">{snippetNote(tracker, tenantId)}</span>
        <button type="button" className="button" onClick={() => copy(text)}>
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
    </>
  );
}
