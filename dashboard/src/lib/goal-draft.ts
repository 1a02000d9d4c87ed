/**
 * The goal form's rules, before anything is sent: a name, what it matches (an event name,
 * or a path pattern starting with `/`: `*` within a segment, `**` across), and revenue as a
 * payload property with an ISO 4217 currency, both or neither.
 */
import type { GoalKind, GoalVersion } from "../api/goal-writes.ts";
import { BUILT_IN_ACTIONS } from "./event-labels.ts";

export interface GoalDraft {
  readonly name: string;
  readonly kind: GoalKind;
  readonly match: string;
  readonly revenueProperty: string;
  readonly currency: string;
}

export const BLANK_GOAL: GoalDraft = { name: "", kind: "event", match: "", revenueProperty: "", currency: "" };

export const MATCH_HINTS: Readonly<Record<GoalKind, string>> = {
  event: "custom event name, e.g. signup",
  page: "path pattern, e.g. /blog/* or /checkout/**",
};

/** What is wrong with the draft, or undefined when it can be saved. */
/** The longest event name or path pattern a goal may have (kit/sql/goals.ts leaves longer versions out). */
export const MAX_MATCH_CHARS = 500;

export function goalProblem(d: GoalDraft): string | undefined {
  if (d.name.trim() === "") return "Give the goal a name.";
  const match = d.match.trim();
  if (match === "") return d.kind === "event" ? "Name the custom event." : "Give a path pattern.";
  if (d.kind === "page" && !match.startsWith("/")) return "A path pattern starts with /.";
  // The kit ignores longer ones (kit/README.md, Goals): a pattern that long is no page's path.
  if (match.length > MAX_MATCH_CHARS) return `Keep it within ${MAX_MATCH_CHARS} characters.`;
  if (d.kind === "event" && BUILT_IN_ACTIONS.has(match)) return `${match} is the tracker's own, not a custom event.`;
  const property = d.revenueProperty.trim();
  const currency = d.currency.trim();
  if (property !== "" && !/^[A-Za-z]{3}$/.test(currency)) return "Revenue needs a currency: a three-letter ISO 4217 code such as EUR.";
  if (property === "" && currency !== "") return "A currency needs a revenue property.";
  return undefined;
}

/** A stored goal (goal_definitions row) in the form. */
export function draftOf(v: { name: string; kind: string; match: string; revenue_property: string; currency: string }): GoalDraft {
  return { name: v.name, kind: v.kind === "page" ? "page" : "event", match: v.match, revenueProperty: v.revenue_property, currency: v.currency };
}

/** The version to append for `draft` (trimmed, currency upper case); the writer adds the tenant. */
export function versionOf(draft: GoalDraft, ids: { domain: string; goal_id: string }, deleted: 0 | 1 = 0): Omit<GoalVersion, "tenant_id"> {
  return {
    ...ids,
    name: draft.name.trim(),
    kind: draft.kind,
    match: draft.match.trim(),
    revenue_property: draft.revenueProperty.trim(),
    currency: draft.currency.trim().toUpperCase(),
    deleted,
  };
}

/** Revenue in the goal's currency, in the viewer's locale; a plain number without one. */
export function formatRevenue(amount: number, currency: string): string {
  if (currency === "") return new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 }).format(amount);
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}
