/** The page-facing API, `window.Tinybird`, shared by the core and its chunks. */

export type TrackEvent = (name: string, payload?: object) => void;

export interface TinybirdApi {
  trackEvent: TrackEvent;
  /** Calls made through the stub snippet before the script loaded (arguments objects). */
  q?: ArrayLike<unknown>[];
}

export const tinybirdWindow = window as unknown as Window & { Tinybird?: TinybirdApi };
