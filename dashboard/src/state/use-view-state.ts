/**
 * The view state as React state mirrored into the address bar: a change pushes a history
 * entry (so Back undoes it), Back/Forward re-read the URL.
 */
import { useCallback, useEffect, useRef, useState } from "preact/compat";
import { parseViewState, serializeViewState, type ViewState } from "./view-state.ts";

export type ViewUpdate = Partial<ViewState> | ((state: ViewState) => Partial<ViewState>);
export type SetView = (update: ViewUpdate, options?: { replace?: boolean }) => void;

export function useViewState(): [ViewState, SetView] {
  const [state, setState] = useState(() => parseViewState(window.location.search));
  // The latest state, so consecutive updates in one event handler build on each other.
  const latest = useRef(state);

  useEffect(() => {
    const onPop = () => {
      latest.current = parseViewState(window.location.search);
      setState(latest.current);
    };
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);

  const update = useCallback<SetView>((change, options) => {
    const current = latest.current;
    const next: ViewState = { ...current, ...(typeof change === "function" ? change(current) : change) };
    latest.current = next;
    const search = serializeViewState(next);
    if (search !== window.location.search) {
      const url = `${window.location.pathname}${search}${window.location.hash}`;
      if (options?.replace) window.history.replaceState(null, "", url);
      else window.history.pushState(null, "", url);
    }
    setState(next);
  }, []);

  return [state, update];
}
