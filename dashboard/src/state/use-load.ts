/**
 * Loads something from the API for a component: the last answer stays on screen while a
 * new one loads (no flashing back to skeletons on every range change), errors are typed,
 * and a token the server rejects signs the user out instead of breaking each widget.
 */
import { useEffect, useLayoutEffect, useState } from "preact/compat";
import type { ApiClient, Params, PipeResponse } from "../api/api-client.ts";
import { queryString } from "../api/api-client.ts";
import { ApiError } from "../api/api-error.ts";
import type { DashboardPipe } from "../api/dashboard-pipes.ts";
import { cached } from "./query-cache.ts";
import { useSession } from "./session-context.ts";

export interface Loaded<T> {
  readonly data?: T;
  readonly error?: ApiError;
  /** A request is in flight (data, if any, is from the previous parameters). */
  readonly loading: boolean;
  reload(): void;
}

function toApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError(0, err instanceof Error ? err.message : String(err));
}

export interface LoadOptions {
  /** Poll while the tab is visible. */
  readonly refreshMs?: number;
  /**
   * For extras outside the Pipes API (OpenAPI, /v0/sql, /v0/tokens): Tinybird refuses JWTs
   * there with an "invalid authentication token" 403 that says nothing about the token's
   * validity, so such a failure must not sign the user out.
   */
  readonly auxiliary?: boolean;
  /**
   * What the answers are of (a pipe's name): the last answer stays on screen while the
   * next of the same group loads, never under another's (a breakdown switching tables).
   */
  readonly group?: string;
}

/** `key` identifies the request (null: nothing to load yet). */
export function useLoad<T>(key: string | null, load: (client: ApiClient) => Promise<T>, options: LoadOptions = {}): Loaded<T> {
  const { client, signOut } = useSession();
  const group = options.group;
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean; group?: string }>({ loading: key !== null, group });
  const [tick, setTick] = useState(0);
  const auxiliary = options.auxiliary === true;

  // A layout effect, so the request leaves as soon as the widget is in the DOM: Preact runs
  // plain effects only after the next frame is painted, and a cold page paints late.
  useLayoutEffect(() => {
    if (key === null) return;
    let live = true;
    // Unchanged state (a widget just mounted is already loading) is kept as it is: no render for it.
    setState((s) => (s.loading && s.error === undefined && s.group === group ? s : { data: s.group === group ? s.data : undefined, loading: true, group }));
    cached(`${client.token}\n${key}`, () => load(client), { fresh: tick > 0 }).then(
      (data) => live && setState({ data, loading: false, group }),
      (err: unknown) => {
        if (!live) return;
        const error = toApiError(err);
        if (error.isAuth && !auxiliary) signOut(`The server no longer accepts this token (${error.reason}). Sign in again.`);
        setState((s) => ({ data: s.data, error, loading: false, group }));
      },
    );
    return () => {
      live = false;
    };
    // `load` is a fresh closure every render; `key` is what identifies the request.
  }, [key, tick, client, signOut, auxiliary, group]);

  const refreshMs = options.refreshMs;
  useEffect(() => {
    if (!refreshMs || key === null) return;
    const id = setInterval(() => {
      if (document.visibilityState === "visible") setTick((t) => t + 1);
    }, refreshMs);
    return () => clearInterval(id);
  }, [refreshMs, key]);

  const reload = () => setTick((t) => t + 1);
  // Until the effect above runs, the state may still hold another group's answer.
  if (state.group !== group) return { loading: key !== null, reload };
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** One endpoint's JSON; `params` null waits (e.g. until the tenant is known). */
export function usePipe<Row>(name: DashboardPipe, params: Params | null, options: LoadOptions = {}): Loaded<PipeResponse<Row>> {
  const key = params === null ? null : `pipe ${name}${queryString(params)}`;
  return useLoad(key, (client) => client.pipe<Row>(name, params ?? {}), { group: name, ...options });
}
