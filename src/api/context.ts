import type { Logger } from "pino";
import type { Config } from "../config.ts";
import type { Engine } from "../engine/engine.ts";
import type { Project } from "../project/model.ts";
import type { Workspace } from "../auth/workspace.ts";
import type { AccessControl } from "../auth/access-control.ts";
import type { FairQueue } from "../query/fair-queue.ts";
import type { DataVersions } from "../query/data-versions.ts";
import type { ResultCache } from "../query/result-cache.ts";
import type { PipeResult } from "../query/run-pipe.ts";
import type { CopyService } from "../copy/copy-service.ts";
import type { DataOpService } from "../data-ops/data-op-service.ts";
import type { JobRegistry } from "../jobs/job-registry.ts";
import type { StateStore } from "../state/state-store.ts";
import type { Metrics } from "./metrics.ts";

/** Everything a route needs, built once at start and passed down. */
export interface ApiContext {
  readonly config: Config;
  readonly engine: Engine;
  /** Replaced as a whole when a new build is deployed (`POST /v1/build`); read it per request. */
  project: Project;
  readonly workspace: Workspace;
  /** Workspace, tokens, builds, deployed version and the deploy lease: files, or ClickHouse shared by every node. */
  readonly store: StateStore;
  /** Tokens, JWT verification and rate limits. */
  readonly access: AccessControl;
  /** Turns at the engine for API statements, fair between tokens. */
  readonly queries: FairQueue;
  /** Answers of endpoints, by the statement they run: for their `CACHE` time, or (embedded engine) until a write changes their data. */
  readonly results: ResultCache<PipeResult>;
  /** What every write changed, where this process sees every write (the embedded engine); undefined with a server. */
  readonly versions?: DataVersions;
  /** Background work the Jobs API reports on (copy runs). */
  readonly jobs: JobRegistry;
  /** Copy pipes: on-demand runs and the schedule. */
  readonly copies: CopyService;
  /** Deletes and truncates of a datasource's rows, with the views they fed. */
  readonly dataOps: DataOpService;
  /** Days kept per tenant as the state held them at start: builds get the same TTL rules. */
  readonly tenantRetention: Readonly<Record<string, number>>;
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** False until the project is deployed; true again never after shutdown begins. */
  readonly state: { ready: boolean; shuttingDown: boolean };
}
