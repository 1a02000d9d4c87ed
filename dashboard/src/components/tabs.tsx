/**
 * WAI-ARIA tabs: one tab stop for the list, arrow keys (and Home/End) move between tabs
 * and select them, the panel follows. Only the selected panel is rendered, so hidden
 * tabs fetch nothing. `TabList` alone serves panels that draw their own tab panel (the
 * breakdowns, whose tabs sit in the card's head): the element with `tabPanelId(id)`.
 */
import { useRef, type KeyboardEvent, type ReactNode } from "preact/compat";

export interface TabSpec<Id extends string> {
  readonly id: Id;
  readonly label: string;
}

export const tabId = (id: string): string => `tab-${id}`;
export const tabPanelId = (id: string): string => `panel-${id}`;

export interface TabListProps<Id extends string> {
  readonly label: string;
  readonly tabs: readonly TabSpec<Id>[];
  readonly selected: Id;
  onSelect(id: Id): void;
  readonly className?: string;
}

export function TabList<Id extends string>({ label, tabs, selected, onSelect, className = "tabs" }: TabListProps<Id>) {
  const refs = useRef(new Map<Id, HTMLButtonElement>());
  const current = tabs.find((t) => t.id === selected) ?? tabs[0]!;

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
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
    <div className={className} role="tablist" aria-label={label} onKeyDown={onKeyDown}>
      {tabs.map((tab) => (
        <button
          key={tab.id}
          ref={(el) => {
            if (el) refs.current.set(tab.id, el);
            else refs.current.delete(tab.id);
          }}
          type="button"
          role="tab"
          id={tabId(tab.id)}
          aria-selected={tab.id === current.id}
          aria-controls={tabPanelId(tab.id)}
          tabIndex={tab.id === current.id ? 0 : -1}
          onClick={() => onSelect(tab.id)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}

export interface RenderedTab<Id extends string> extends TabSpec<Id> {
  render(): ReactNode;
}

export function Tabs<Id extends string>({ label, tabs, selected, onSelect }: Omit<TabListProps<Id>, "tabs" | "className"> & { tabs: readonly RenderedTab<Id>[] }) {
  const current = tabs.find((t) => t.id === selected) ?? tabs[0]!;
  return (
    <>
      <TabList label={label} tabs={tabs} selected={current.id} onSelect={onSelect} />
      <section className="tab-panel" role="tabpanel" id={tabPanelId(current.id)} aria-labelledby={tabId(current.id)}>
        {current.render()}
      </section>
    </>
  );
}
