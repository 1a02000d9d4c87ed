/**
 * Settings for the reports whose time is mostly ClickHouse planning them (goals, funnels,
 * property conversions: many nodes, joins and scalar subqueries over few rows). Without the
 * query plan's optimization passes they answered 10–24% sooner, for the median tenant and
 * the largest alike (engine A/B at 10M events, kit/README.md "Planning"); the passes pay off
 * on large scans, which these reports do not make. Results are the same.
 */
export const LEAN_PLANNING = { query_plan_enable_optimizations: 0 } as const;
