/**
 * How the Events tab names events and property values for people. The tracker's
 * extensions send typed events under fixed names (tracker/README.md): those get a
 * readable name; any other event is the site's own name, shown as it was sent. Maps, so
 * a name such as "constructor" finds nothing inherited.
 */

/** The tracker's own actions (kit/sql/goals.ts BUILTIN_ACTIONS): never custom events. */
export const BUILT_IN_ACTIONS: ReadonlySet<string> = new Set(["page_hit", "web_vital", "engagement"]);

const EXTENSION_EVENTS = new Map([
  ["outbound_click", "Outbound link click"],
  ["file_download", "File download"],
  ["not_found", "404 page not found"],
]);

export const eventLabel = (action: string): string => EXTENSION_EVENTS.get(action) ?? action;

/** The name as sent, beside a readable one. */
export const eventDetail = (action: string): string | undefined => (EXTENSION_EVENTS.has(action) ? action : undefined);

/** A property value as text ('' is a value too: an empty string was sent). */
export const propertyValueLabel = (value: string): string => (value === "" ? "(empty)" : value);
