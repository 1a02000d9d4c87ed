/**
 * A card with a title, optional actions and the four states of a widget: loading the
 * first time (skeleton), refreshing (the old numbers dimmed, aria-busy), failed (the
 * server's message and a retry, or the pipe the token cannot read) and empty (a sentence
 * saying so).
 */
import type { ReactNode } from "preact/compat";
import type { ApiError } from "../api/api-error.ts";
import type { DashboardPipe } from "../api/dashboard-pipes.ts";
import { ErrorNote } from "./error-note.tsx";
import { Skeleton } from "./skeleton.tsx";
import { tabId, tabPanelId } from "./tabs.tsx";

export interface PanelProps {
  readonly title: string;
  readonly id?: string;
  readonly note?: ReactNode;
  readonly actions?: ReactNode;
  /** A tab list in the head; the body is then the panel of the tab `selectedTab`. */
  readonly tabs?: ReactNode;
  readonly selectedTab?: string;
  /** Controls between head and body that stay while the body loads or is empty. */
  readonly toolbar?: ReactNode;
  readonly className?: string;
  readonly loading: boolean;
  readonly error?: ApiError;
  /** The endpoint behind the panel, named when the token has no access to it. */
  readonly pipe?: DashboardPipe;
  readonly onRetry?: () => void;
  /** True once there is something to show (possibly stale while `loading`). */
  readonly hasData: boolean;
  readonly empty?: ReactNode;
  readonly skeletonHeight?: number;
  readonly children?: ReactNode;
}

export function Panel(props: PanelProps) {
  const headingId = `${props.id ?? props.title.replace(/\W+/g, "-").toLowerCase()}-title`;
  return (
    <section className={`panel ${props.className ?? ""}`} aria-labelledby={headingId} aria-busy={props.loading} data-testid={props.id}>
      <div className="panel-head">
        <h2 id={headingId}>{props.title}</h2>
        {props.tabs}
        {props.note && <span className="panel-note">{props.note}</span>}
        {props.actions && <div className="panel-actions">{props.actions}</div>}
      </div>
      {props.toolbar}
      <div
        className="panel-body"
        {...(props.selectedTab !== undefined && { role: "tabpanel", id: tabPanelId(props.selectedTab), "aria-labelledby": tabId(props.selectedTab) })}
      >
        {props.error && !props.loading ? (
          <ErrorNote error={props.error} pipe={props.pipe} onRetry={props.onRetry} />
        ) : !props.hasData ? (
          <Skeleton height={props.skeletonHeight ?? 180} />
        ) : props.empty ? (
          <div className="empty">{props.empty}</div>
        ) : (
          props.children
        )}
      </div>
    </section>
  );
}
