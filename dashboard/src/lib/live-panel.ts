/**
 * The `realtime` answer taken apart by section (kit/endpoints/realtime.ts), and what the
 * header's live dot says about the server: a network failure or a 5xx means the numbers
 * on screen are no longer live, whatever they were.
 */
import type { ApiError } from "../api/api-error.ts";
import type { RealtimeRow } from "../api/pipe-rows.ts";
import { utcIso } from "./format.ts";

export interface LiveCount {
  readonly visitors: number;
  readonly pageviews: number;
}

export interface LiveMinute extends LiveCount {
  /** UTC, as the API prints it (`2026-12-06 10:01:00`). */
  readonly time: string;
}

export interface LiveItem extends LiveCount {
  readonly name: string;
}

export interface LivePanelData {
  /** Visitors with a page view in the last 5 minutes. */
  readonly current: LiveCount;
  /** The last 30 minutes together. */
  readonly total: LiveCount;
  /** Oldest first, all 30. */
  readonly minutes: readonly LiveMinute[];
  readonly pages: readonly LiveItem[];
  /** '' is direct traffic. */
  readonly sources: readonly LiveItem[];
}

const counts = (r: RealtimeRow): LiveCount => ({ visitors: Number(r.visitors), pageviews: Number(r.pageviews) });

export function livePanelData(rows: readonly RealtimeRow[]): LivePanelData {
  const of = (section: string) => rows.filter((r) => r.section === section);
  const one = (section: string) => {
    const row = of(section)[0];
    return row ? counts(row) : { visitors: 0, pageviews: 0 };
  };
  return {
    current: one("current"),
    total: one("total"),
    minutes: of("minute").map((r) => ({ time: String(r.time), ...counts(r) })),
    pages: of("page").map((r) => ({ name: r.name, ...counts(r) })),
    sources: of("source").map((r) => ({ name: r.name, ...counts(r) })),
  };
}

/** The server cannot be reached or failed: not a token or parameter problem, which a widget names itself. */
export function isOffline(error: ApiError | undefined): boolean {
  return error !== undefined && (error.status === 0 || error.status >= 500);
}

export function offlineMessage(error: ApiError): string {
  return error.status === 0 ? "Offline: cannot reach the server" : `Offline: the server failed (${error.status})`;
}

const minute = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/** `HH:MM` (24-hour, as the rest of the dashboard) in the viewer's zone, for a UTC minute. */
export function localMinute(time: string): string {
  return minute.format(new Date(utcIso(time)));
}
