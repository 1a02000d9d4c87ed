/**
 * A funnel as the dashboard edits it: steps as kind + value, written in the kit's step
 * syntax (`page:/pattern`, `event:NAME`, `goal:GOAL_ID`) for the `funnel` endpoint and for
 * saved funnels. The server checks steps too (400); these checks only keep the form honest.
 */
import { BUILT_IN_ACTIONS } from "./event-labels.ts";

export const STEP_KINDS = ["page", "event", "goal"] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export interface StepDraft {
  readonly kind: StepKind;
  readonly value: string;
}

export const MIN_STEPS = 2;
export const MAX_STEPS = 8;
export const DEFAULT_WINDOW = 30;
export const MAX_WINDOW = 1440;

/** Actions of the tracker itself: a funnel reaches page views through `page:` steps. */

export const KIND_LABELS: Readonly<Record<StepKind, string>> = { page: "Page", event: "Event", goal: "Goal" };
export const KIND_HINTS: Readonly<Record<StepKind, string>> = { page: "/checkout/** or /blog/*", event: "signup", goal: "goal id" };

export function stepText(step: StepDraft): string {
  return `${step.kind}:${step.value.trim()}`;
}

/** A saved step back into the form; text in no known syntax is kept as a page pattern to fix. */
export function parseStep(text: string): StepDraft {
  const colon = text.indexOf(":");
  const kind = text.slice(0, colon);
  return (STEP_KINDS as readonly string[]).includes(kind) ? { kind: kind as StepKind, value: text.slice(colon + 1) } : { kind: "page", value: text };
}

/** Why a step cannot be sent, or undefined. */
export function stepProblem(step: StepDraft): string | undefined {
  const value = step.value.trim();
  if (value === "") return "Fill in this step";
  if (step.kind === "page" && !value.startsWith("/")) return "A page pattern starts with /";
  if (step.kind === "event" && BUILT_IN_ACTIONS.has(value)) return `${value} is not a custom event: use a page step`;
  return undefined;
}

export function windowProblem(minutes: number): string | undefined {
  return Number.isInteger(minutes) && minutes >= 1 && minutes <= MAX_WINDOW ? undefined : `The window is 1 to ${MAX_WINDOW} minutes`;
}

/** Whom a funnel's window follows: one session, or one visitor across the sessions of a day. */
export type FunnelUnit = "session" | "visitor";
export const FUNNEL_UNITS: readonly FunnelUnit[] = ["session", "visitor"];
export const UNIT_LABELS: Record<FunnelUnit, string> = { session: "Each session", visitor: "Each visitor, across sessions" };
/** A saved funnel's `per`, as the endpoint reads it: anything but `visitor` is `session`. */
export const unitOf = (per: string): FunnelUnit => (per === "visitor" ? "visitor" : "session");

/** What the funnel endpoint is asked: the steps, the window and whom it follows. */
export interface FunnelAsked {
  readonly steps: readonly StepDraft[];
  readonly windowMinutes: number;
  readonly per: FunnelUnit;
  /** A saved funnel's own domain ('' for all), which it counts when the view shows every domain. */
  readonly domain?: string;
}

/** `step1` … `stepN`, `window`, `per` (and a saved funnel's domain) for the funnel endpoint. */
export function funnelQuery({ steps, windowMinutes, per, domain }: FunnelAsked): Record<string, string | number> {
  return { ...Object.fromEntries(steps.map((s, i) => [`step${i + 1}`, stepText(s)])), window: windowMinutes, per, ...(domain ? { domain } : {}) };
}

/** A new funnel's id: random, so two people creating funnels at once never share one. */
export function newFunnelId(): string {
  return `f-${crypto.randomUUID().slice(0, 8)}`;
}
