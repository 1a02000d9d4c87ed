/**
 * WAI-ARIA tabs: one tab stop for the list, arrow keys (and Home/End) move between tabs
 * and select them, the panel follows. Only the selected panel is rendered, so hidden
 * tabs fetch nothing.
 */
import { useRef, type KeyboardEvent, type ReactNode } from "react";

export interface TabSpec<Id extends string> {
  readonly id: Id;
  readonly label: string;
  render(): ReactNode;
}

export function Tabs<Id extends string>({ label, tabs, selected, onSelect }: { label: string; tabs: readonly TabSpec<Id>[]; selected: Id; onSelect: (id: Id) => void }) {
  const refs = useRef(new Map<Id, HTMLButtonElement>());
  const current = tabs.find((t) => t.id === selected) ?? tabs[0]!;

  function onKeyDown(event: KeyboardEvent) {
    const index = tabs.findIndex((t) => t.id === current.id);
    const next =
      event.key === "ArrowRight" ? (index + 1) % tabs.length : event.key === "ArrowLeft" ? (index - 1 + tabs.length) % tabs.length : event.key === "Home" ? 0 : event.key === "End" ? tabs.length - 1 : -1;
    if (next < 0) return;
    event.preventDefault();
    const tab = tabs[next]!;
    onSelect(tab.id);
    refs.current.get(tab.id)?.focus();
  }

  return (
    <>
      <div className="tabs" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            ref={(el) => {
              if (el) refs.current.set(tab.id, el);
              else refs.current.delete(tab.id);
            }}
            type="button"
            role="tab"
            id={`tab-${tab.id}`}
            aria-selected={tab.id === current.id}
            aria-controls={`panel-${tab.id}`}
            tabIndex={tab.id === current.id ? 0 : -1}
            onClick={() => onSelect(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <section className="tab-panel" role="tabpanel" id={`panel-${current.id}`} aria-labelledby={`tab-${current.id}`}>
        {current.render()}
      </section>
    </>
  );
}
