/** The filters in force, each removable; says which widgets cannot apply them. */
import { filterLabel } from "../lib/top-tables.ts";
import { activeFilters, useReport } from "../state/report-context.ts";
import type { FilterKey } from "../state/view-state.ts";

const NAMES: Readonly<Record<FilterKey, string>> = {
  pathname: "Page",
  referrer: "Source",
  channel: "Channel",
  utm_source: "UTM source",
  utm_medium: "UTM medium",
  utm_campaign: "UTM campaign",
  utm_term: "UTM term",
  utm_content: "UTM content",
  entry_page: "Entry page",
  exit_page: "Exit page",
  location: "Country",
  region: "Region",
  city: "City",
  device: "Device",
  browser: "Browser",
  os: "OS",
  os_version: "OS version",
  screen: "Screen",
  language: "Language",
};

export function FilterBar() {
  const { view, setView } = useReport();
  const keys = activeFilters(view);
  if (keys.length === 0) return null;
  const remove = (key: FilterKey) => {
    const filters = { ...view.filters };
    delete filters[key];
    // A version is of the OS filtered: without it the versions table is gone, so is its filter.
    if (key === "os") delete filters.os_version;
    setView({ filters, page: 0 });
  };
  return (
    <div className="filters" role="group" aria-label="Filters" data-testid="filters">
      <span>Filtered by</span>
      {keys.map((key) => (
        <span className="chip" key={key} data-filter={key}>
          {NAMES[key]}: {filterLabel(key, view.filters[key] ?? "")}
          <button type="button" aria-label={`Remove the ${NAMES[key].toLowerCase()} filter`} onClick={() => remove(key)}>
            ×
          </button>
        </span>
      ))}
      {keys.length > 1 && (
        <button type="button" className="button quiet" onClick={() => setView({ filters: {}, page: 0 })}>
          Clear all
        </button>
      )}
    </div>
  );
}
