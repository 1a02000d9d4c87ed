/**
 * The breakdown panels' pure logic, without a browser: every table sits in one panel (or
 * is an OS's drill-down), labels read well for unknown values, and the new filters
 * round-trip through the URL.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DASHBOARD_PIPES } from "../../dashboard/src/api/dashboard-pipes.ts";
import { TOP_PANELS, defaultChoice, shownTable, tabOf } from "../../dashboard/src/lib/top-panels.ts";
import { TOP_TABLES, filterLabel, topTable } from "../../dashboard/src/lib/top-tables.ts";
import { languageLabel, screenLabel, sourceLabel } from "../../dashboard/src/lib/value-labels.ts";
import { FILTER_KEYS, TABLE_IDS, parseViewState, serializeViewState } from "../../dashboard/src/state/view-state.ts";

describe("dashboard breakdown panels", () => {
  it("groups every table once, as Plausible does, with the OS versions behind the OS tab", () => {
    assert.deepEqual(
      TOP_PANELS.map((panel) => panel.tabs.map((tab) => `${tab.label}: ${tab.tables.join(" ")}`)),
      [
        ["Sources: sources", "Channels: channels", "Campaigns: utm_sources utm_mediums utm_campaigns utm_terms utm_contents"],
        ["Top pages: pages", "Entry: entry_pages", "Exit: exit_pages", "Engagement: engagement"],
        ["Countries: locations", "Regions: regions", "Cities: cities"],
        ["Browsers: browsers", "OS: os", "Screens: screens"],
        ["Devices: devices"],
        ["Languages: languages"],
      ],
    );
    const placed = TOP_PANELS.flatMap((panel) => panel.tabs.flatMap((tab) => tab.tables));
    assert.deepEqual([...placed, "os_versions"].sort(), [...TABLE_IDS].sort());
    assert.deepEqual(TOP_TABLES.map((t) => t.id).sort(), [...TABLE_IDS].sort(), "one table definition per id");
    for (const table of TOP_TABLES) assert.ok((DASHBOARD_PIPES as readonly string[]).includes(table.pipe), `${table.pipe} is in the dashboard's pipe list`);
    // Engagement rows are pages too: they filter by pathname as Top pages does.
    assert.deepEqual([...new Set(TOP_TABLES.map((t) => t.filter))].sort(), [...FILTER_KEYS].sort(), "a row of each table filters by its own dimension");
  });

  it("opens on the first tab, finds a choice's tab, and drills into an OS's versions while it is filtered", () => {
    const sources = TOP_PANELS[0]!;
    assert.equal(defaultChoice(sources), "sources");
    assert.equal(tabOf(sources, "utm_terms").label, "Campaigns");
    assert.equal(tabOf(sources, "cities").label, "Sources", "a table of another panel falls back to the first tab");
    assert.equal(shownTable("os", {}).id, "os");
    assert.equal(shownTable("os", { os: "Windows" }).id, "os_versions");
    assert.equal(shownTable("os", { os: "" }).id, "os_versions", "an unknown OS has versions too");
    assert.equal(shownTable("browsers", { os: "Windows" }).id, "browsers");
  });
});

describe("dashboard breakdown labels", () => {
  it("names sources, screens and languages, and says Direct / None or Unknown for ''", () => {
    assert.equal(sourceLabel(""), "Direct / None");
    assert.equal(sourceLabel("Google"), "Google");
    assert.equal(screenLabel("laptop"), "Laptop");
    assert.equal(screenLabel(""), "Unknown");
    assert.equal(screenLabel("constructor"), "Unknown");
    assert.equal(languageLabel("de"), "German");
    assert.equal(languageLabel("pt"), "Portuguese");
    assert.equal(languageLabel(""), "Unknown");
    assert.equal(languageLabel("<b>"), "Unknown");
    assert.equal(topTable("channels").label(""), "Unknown");
    assert.equal(topTable("entry_pages").label(""), "(none)");
  });

  it("puts a region or city in its country, and an OS version after its system", () => {
    const row = { visits: 1, hits: 1, city: "Munich", region: "Bavaria", location: "DE" };
    assert.equal(topTable("cities").detail?.(row), "Bavaria, Germany");
    assert.equal(topTable("cities").icon?.("Munich", row), "🇩🇪");
    assert.equal(topTable("regions").detail?.({ ...row, location: "" }), "");
    assert.equal(topTable("os_versions").label("10", { visits: 1, hits: 1, os_version: "10", os: "Windows" }), "Windows 10");
    assert.equal(topTable("os_versions").label("", { visits: 1, hits: 1, os_version: "", os: "Linux" }), "Linux (unknown version)");
    assert.equal(filterLabel("language", "fr"), "French");
    assert.equal(filterLabel("referrer", ""), "Direct / None");
  });
});

describe("dashboard filters in the URL", () => {
  it("round-trips every visit filter, empty values included", () => {
    const search = "?referrer=&channel=Organic+Search&utm_campaign=spring+sale&entry_page=%2Flanding&region=Bavaria&city=M%C3%BCnchen&os=Windows&os_version=10&screen=&language=de";
    const state = parseViewState(search);
    assert.deepEqual(state.filters, { referrer: "", channel: "Organic Search", utm_campaign: "spring sale", entry_page: "/landing", region: "Bavaria", city: "München", os: "Windows", os_version: "10", screen: "", language: "de" });
    assert.equal(serializeViewState(state), search);
    assert.equal(parseViewState("?all=utm_terms&page=1").all, "utm_terms");
  });
});
