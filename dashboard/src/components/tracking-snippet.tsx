/**
 * The script tag to paste, filled in with this installation's address and the tenant's
 * own values, so an empty dashboard says exactly what to do. The tracker token is shown
 * only to an admin (who can list tokens); others get a placeholder to ask for.
 */
import { useState } from "react";
import { useReport } from "../state/report-context.ts";
import { TRACKER_TOKEN_PLACEHOLDER, useTrackerToken } from "../state/use-tracker-token.ts";

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

export function TrackingSnippet({ webVitals = false }: { webVitals?: boolean }) {
  const { operator, tenantId, view } = useReport();
  const token = useTrackerToken(operator);
  const [copied, setCopied] = useState(false);
  const text = trackingSnippet({ origin: window.location.origin, token, tenantId, domain: view.domain, webVitals });

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // Clipboard refused (insecure origin): the text is selectable.
    }
  }

  return (
    <>
      <pre className="snippet" data-testid="tracking-snippet">
        <code>{text}</code>
      </pre>
      <div className="panel-foot">
        <span>
          {token === TRACKER_TOKEN_PLACEHOLDER
            ? "Replace YOUR_TRACKER_TOKEN with the tracker token your administrator gives you."
            : "Put it in the <head> of every page of the site."}
        </span>
        <button type="button" className="button" onClick={copy}>
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
    </>
  );
}
