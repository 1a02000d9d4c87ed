/**
 * Custom events for the period, filters and comparison on screen: the events by visitors
 * (top_events), the properties of the chosen one (event_properties) and the values of the
 * chosen property (top_event_property_values), with the conversions of each value's
 * visitors on a goal when one is picked, then each event's latest payload (all time). The
 * first event and its first property are chosen until the user picks others; a choice the
 * new period no longer has falls back the same way. Choices live in the URL (`event`,
 * `property`, `goal`), so a reload or a shared link shows the same breakdown.
 */
import type { EventPropertyRow, EventPropertyValueRow, TopEventRow } from "../api/pipe-rows.ts";
import { eventDetail, eventLabel, propertyValueLabel } from "../lib/event-labels.ts";
import { useReport } from "../state/report-context.ts";
import { usePipe } from "../state/use-load.ts";
import { EventPayloadsPanel } from "./event-payloads-panel.tsx";
import { EventReportPanel, eventReportParams } from "./event-report-panel.tsx";
import { GoalPicker } from "./goal-picker.tsx";

/** `wanted` when `names` has it, else the first name. */
function chosen(names: readonly string[], wanted: string | undefined): string | undefined {
  return wanted !== undefined && names.includes(wanted) ? wanted : names[0];
}

const SNIPPET = `window.Tinybird.trackEvent("signup", { plan: "pro" })`;

export function EventsTab() {
  const report = useReport();
  const picked = report.view;
  const setPicked = (choice: { event?: string; property?: string; goal?: string }) => report.setView({ event: choice.event, property: choice.property, goal: choice.goal });

  const eventsExtra = {};
  const events = usePipe<TopEventRow>("top_events", eventReportParams(report, "top_events", eventsExtra));
  const event = chosen((events.data?.data ?? []).map((r) => r.action), picked.event);

  const propertiesExtra = event === undefined ? null : { event };
  const properties = usePipe<EventPropertyRow>("event_properties", eventReportParams(report, "event_properties", propertiesExtra));
  // No event, no property: the last event's properties may still be on hand.
  const property = event === undefined ? undefined : chosen((properties.data?.data ?? []).map((r) => r.property), picked.property);

  const valuesExtra = event === undefined || property === undefined ? null : { event, property, goal: picked.goal };
  const values = usePipe<EventPropertyValueRow>("top_event_property_values", eventReportParams(report, "top_event_property_values", valuesExtra));

  const name = event === undefined ? "" : eventLabel(event);
  return (
    <div className="grid events-grid">
      <EventReportPanel
        title="Custom events"
        id="top-events"
        pipe="top_events"
        extra={eventsExtra}
        result={events}
        empty={
          <>
            <p>No custom events in this period. Send one from your pages with</p>
            <pre className="snippet">
              <code>{SNIPPET}</code>
            </pre>
          </>
        }
        table={{ id: "events", header: "Event", name: (r) => r.action, label: eventLabel, detail: eventDetail, selected: event, onSelect: (e) => setPicked({ event: e, goal: picked.goal }) }}
      />
      <EventReportPanel
        title={event === undefined ? "Properties" : `Properties of ${name}`}
        id="event-properties"
        pipe="event_properties"
        extra={propertiesExtra}
        result={properties}
        waiting="Choose an event to see its properties."
        empty="This event was sent without properties in this period."
        table={{ id: "properties", header: "Property", name: (r) => r.property, label: propertyValueLabel, selected: property, onSelect: (p) => setPicked({ event, property: p, goal: picked.goal }) }}
      />
      <EventReportPanel
        title={property === undefined ? "Values" : `${name}: ${property}`}
        id="event-property-values"
        pipe="top_event_property_values"
        extra={valuesExtra}
        result={values}
        waiting="Choose a property to see its values."
        empty="No values in this period."
        toolbar={valuesExtra && <GoalPicker goal={picked.goal} onChange={(goal) => setPicked({ event, property, goal })} />}
        table={{ id: "values", header: "Value", name: (r) => r.value, label: propertyValueLabel, conversions: picked.goal !== undefined }}
      />
      <EventPayloadsPanel />
    </div>
  );
}
