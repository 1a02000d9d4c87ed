/**
 * Creating, editing and deleting goals: each is a new version appended to
 * `analytics_goals` (kit/datasources/analytics-goals.ts), `deleted: 1` removes one. The
 * server stamps `updated_at` with its own clock, from which the version counts events.
 */
import type { ApiClient } from "./api-client.ts";
import { appendRows } from "./append-rows.ts";
import type { ApiError } from "./api-error.ts";

export type GoalKind = "event" | "page";

export interface GoalVersion {
  readonly tenant_id: string;
  readonly domain: string;
  readonly goal_id: string;
  readonly name: string;
  readonly kind: GoalKind;
  readonly match: string;
  readonly revenue_property: string;
  readonly currency: string;
  readonly deleted: 0 | 1;
}

export function appendGoal(client: ApiClient, version: GoalVersion): Promise<void> {
  return appendRows(client, "analytics_goals", [version]);
}

/** A fresh id: goals are told apart by id, so a rename keeps its history. */
export function newGoalId(): string {
  return `goal-${crypto.randomUUID().slice(0, 8)}`;
}

/** The sentence shown when a save or delete fails. */
export function goalWriteProblem(error: ApiError): string {
  if (error.isNoAccess) return "This token can read reports but not edit goals. Ask for a link that can edit goals (aviary token jwt … --write).";
  return `Not saved: ${error.reason}`;
}
