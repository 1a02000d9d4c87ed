/** A tenant without a single page view yet: instead of empty charts, how to start. */
import { TrackingSnippet } from "./tracking-snippet.tsx";

export function NoData({ tenantId }: { tenantId?: string }) {
  return (
    <section className="panel empty-state" data-testid="no-data">
      <h2>No page views yet{tenantId ? ` for ${tenantId}` : ""}</h2>
      <p className="note">Add this tag to your site's pages. Visits appear here within seconds of the first page view.</p>
      <TrackingSnippet />
    </section>
  );
}
