/**
 * Starts Aviary: project → engine → state (files, or ClickHouse shared by every node) →
 * under the deploy lease: workspace, deploy, tokens → ingest (replaying this node's
 * write-ahead log) → HTTP, and stops it in the reverse order so in-flight requests
 * finish and acknowledged events are inserted before the engine closes.
 */
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import type { ApiContext } from "./api/context.ts";
import { createMetrics } from "./api/metrics.ts";
import { eventRoutes } from "./api/routes/events.ts";
import { compileTemplates, followDeploys, latestBuildProject } from "./api/served-project.ts";
import { buildServer } from "./api/server.ts";
import { AccessControl } from "./auth/access-control.ts";
import { adminPrincipal } from "./auth/principal.ts";
import type { Config } from "./config.ts";
import { CopyService } from "./copy/copy-service.ts";
import { deployProject } from "./engine/deploy.ts";
import { openEngine } from "./engine/open-engine.ts";
import { timedEngine } from "./engine/timed-engine.ts";
import { gatedEngine, WriteGate } from "./engine/write-gate.ts";
import { DataOpService, finishInterruptedDataOps } from "./data-ops/data-op-service.ts";
import { followWriteHolds } from "./data-ops/other-nodes.ts";
import { openGeolocator } from "./ingest/geo/geolocator.ts";
import { TrustedProxies } from "./ingest/geo/client-address.ts";
import { VisitorIds } from "./ingest/visitor-ids.ts";
import { Ingest } from "./ingest/ingest.ts";
import { JobRegistry } from "./jobs/job-registry.ts";
import { loadProject } from "./project/load-project.ts";
import { DataVersions } from "./query/data-versions.ts";
import { FairQueue } from "./query/fair-queue.ts";
import { ResultCache } from "./query/result-cache.ts";
import type { PipeResult } from "./query/run-pipe.ts";
import { queuedEngine } from "./query/queued-engine.ts";
import { writeReportingEngine } from "./query/write-reporting-engine.ts";
import { statementLimits } from "./query/statement-limits.ts";
import { applyRetention } from "./project/retention.ts";
import { nodeId } from "./state/node-id.ts";
import { serverState } from "./state/open-state.ts";
import type { StateStore } from "./state/state-store.ts";
import type { Project } from "./project/model.ts";
import { projectVersion } from "./state/project-version.ts";

/** API requests holding the engine at once: chdb runs one statement at a time, a ClickHouse server several. */
const ENGINE_SLOTS = { chdb: 1, clickhouse: 8 } as const;
/** A dashboard page opens up to 6 requests at once (browsers' limit per host); a token may have a few more. */
const REQUESTS_PER_TOKEN = 8;

/** How long requests in flight at a stop may take to finish before their connections are closed. */
const STOP_GRACE_MS = 10_000;

export interface RunningAviary {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly context: ApiContext;
  /** Whether this start created the workspace (its admin token is then printed once). */
  readonly createdWorkspace: boolean;
  close(): Promise<void>;
}

export interface StartHooks {
  /** Runs once the port is bound, before `/health` answers 200 and the ready line is logged. */
  readonly onListening?: (url: string) => Promise<void>;
}

/**
 * Nodes sharing a ClickHouse keep a build across restarts: when what is deployed is the last
 * build, and the build came after this same `--project` was deployed at a start, the node
 * serves the build. A different `--project` is a deliberate change and is deployed.
 */
async function buildSince(store: StateStore, version: string, deployed: string | undefined, config: Config, tenantRetention: Readonly<Record<string, number>>): Promise<Project | undefined> {
  if (deployed === undefined || (await store.startedVersion()) !== version) return undefined;
  const build = await latestBuildProject(store, config.retentionDays, tenantRetention);
  return build !== undefined && projectVersion(build, config.clickhouseCluster) === deployed ? build : undefined;
}

export async function startAviary(config: Config, logger: Logger, hooks: StartHooks = {}): Promise<RunningAviary> {
  // What a datafile project declares but Aviary does not run (connectors, ignored keywords) is a warning in the deploy log.
  const onNote = (note: { loc: { file: string; line?: number }; message: string }) => logger.warn({ file: note.loc.file, line: note.loc.line }, note.message);
  const loaded = await loadProject(config.project, { onNote });
  const metrics = createMetrics();
  const rawEngine = await openEngine(config, logger);
  const timed = timedEngine(rawEngine, (kind, seconds) => metrics.querySeconds.observe({ kind }, seconds));
  // Every write waits while a delete or truncate runs (data-ops/data-op-service.ts), which writes past the gate.
  const gate = new WriteGate();
  const engine = gatedEngine(timed, gate);
  // The embedded engine is written only through this process, so it can tell when a cached answer is out of date.
  const versions = engine.kind === "chdb" && config.resultCache ? new DataVersions() : undefined;
  let ingest: Ingest;
  let started;
  let project: Project;
  let tenantRetention: Readonly<Record<string, number>>;
  let node: string;
  let writeHolds: { stop(): Promise<void> } | undefined;
  try {
    // Before the deploy and the write-ahead log's replay change anything a swap was built from.
    await finishInterruptedDataOps(engine, config.dataDir, logger);
    // Past the gate: a write hold (write-holds.ts) is written while the gate is held.
    const store = await serverState(config, timed);
    // The server's retention, and each tenant's (`aviary tenant retention`), which the state keeps.
    tenantRetention = await store.tenantRetention();
    const retained = applyRetention(loaded, config.retentionDays, tenantRetention);
    project = retained.project;
    for (const { datasource, reason } of retained.report.skipped) logger.warn({ datasource }, `retention: ${datasource} is left as it is: ${reason}`);
    if (retained.report.applied.length > 0) logger.info({ days: config.retentionDays, tenants: tenantRetention, datasources: retained.report.applied.map((a) => a.datasource) }, "retention: older rows are deleted");
    // Nodes sharing a ClickHouse take turns: the first creates the workspace and deploys, the
    // next finds the same version deployed and leaves it. Embedded: runs at once, deploys every start.
    started = await store.exclusive(async () => {
      // Once the project loads and the engine opens: a first start that fails on either creates no workspace.
      const { workspace, created } = await store.openWorkspace(config.adminToken);
      const version = projectVersion(project, config.clickhouseCluster);
      const deployed = await store.deployedVersion();
      const build = deployed === version ? undefined : await buildSince(store, version, deployed, config, tenantRetention);
      if (deployed === version) {
        logger.info({ project: project.source, engine: engine.kind, version }, "project already deployed at this version");
      } else if (build !== undefined) {
        logger.info({ project: project.source, build: build.source, version: deployed }, "serving the build deployed since this project; start with another --project to replace it");
      } else {
        const report = await deployProject(engine, project, { allowDestructive: config.allowDestructive, backfill: true, cluster: config.clickhouseCluster, record: store.deployRecord });
        logger.info({ project: project.source, engine: engine.kind, ...report }, "project deployed");
        await store.recordDeployedVersion(version);
        await store.recordStartedVersion(version);
      }
      const served = build ?? project;
      // After the deploy, so the project's tokens exist only once its resources do.
      const access = await AccessControl.open(store.tokens, workspace, served, { defaultRps: config.rateLimitRps });
      return { store, workspace, created, access, served };
    });
    // The token itself stays out of the log, which is often shipped elsewhere: `aviary start` prints it to the terminal once.
    if (started.created) logger.info({ dataDir: config.dataDir }, `created a workspace; npx aviary token admin ${config.clickhouseUrl ? "--clickhouse-url <this ClickHouse>" : `--data-dir ${config.dataDir}`} prints its admin token`);
    // Before the write-ahead log's replay inserts anything: another node may be holding writes.
    node = await nodeId(config.dataDir);
    const holds = started.store.writeHolds;
    // Its flush is the Events API's, once open (a hold seen before then finds nothing acknowledged to insert).
    writeHolds = holds && (await followWriteHolds({ record: holds, node, logger, gate, flush: async () => ingest?.flush() }));
    const { walFsyncMs: fsync, flushRows, flushMs, maxBacklogRows } = config;
    const onWritten = versions && ((datasource: string, tenants?: ReadonlySet<string>) => versions.written(datasource, tenants));
    ingest = await Ingest.open({ dataDir: config.dataDir, engine, project, metrics, logger, onWritten, options: { fsync, flushRows, flushMs, maxBacklogRows } });
  } catch (err) {
    await writeHolds?.stop();
    await engine.close();
    throw err;
  }
  const { store, workspace, access, served } = started;
  // Requests and copy runs write through this one; the Events API reports its flushes itself, with their tenants.
  const reporting = versions ? writeReportingEngine(engine, versions) : engine;
  // A request waits at most for one other token's slowest statement, and then some.
  const queries = new FairQueue({
    slots: ENGINE_SLOTS[engine.kind],
    perLane: REQUESTS_PER_TOKEN,
    maxWaitMs: 2 * config.tenantQueryTimeoutSeconds * 1000,
    onChange: ({ waiting, running }) => {
      metrics.queueWaiting.set(waiting);
      metrics.queueRunning.set(running);
    },
  });
  const jobs = new JobRegistry();
  // Copy runs take turns with API requests in a lane of their own; scheduled ones run with the admin's limits.
  const copies = new CopyService({
    engine: queuedEngine(reporting, queries, "copy jobs"),
    jobs,
    project: () => context.project,
    logger,
    node,
    once: store.runOnce,
    scheduledLimits: statementLimits(config, adminPrincipal),
  });
  // A few thousand dashboards' live panels (a few kB each); one answer may take an eighth.
  // A sixteenth each for one token's answers (result-cache.ts): nobody evicts the rest.
  const results = new ResultCache<PipeResult>({ maxEntries: 5000, maxBytes: 64 * 1024 * 1024, maxEntriesPerOwner: 5000 / 16, maxBytesPerOwner: (64 * 1024 * 1024) / 16 }, (r) => r.body.length);
  compileTemplates(served);
  const dataOps = new DataOpService({
    engine: versions ? writeReportingEngine(timed, versions) : timed,
    gate,
    jobs,
    project: () => context.project,
    logger,
    node,
    flushIngest: () => ingest.flush(),
    dataDir: config.dataDir,
    otherNodes: store.writeHolds && { record: store.writeHolds, node, logger },
    // A graceful stop would flush the write-ahead log into half-swapped tables.
    halt: (reason) => {
      logger.fatal(reason);
      process.exit(1);
    },
  });
  const context: ApiContext = { config, engine: reporting, project: served, workspace, store, access, queries, results, versions, jobs, copies, dataOps, tenantRetention, metrics, logger, state: { ready: false, shuttingDown: false } };
  await copies.start();
  const geo = await openGeolocator(config, logger);
  let saltWarnedAt = -Infinity;
  const visitors = new VisitorIds((day) => store.visitorSalt(day), (err) => {
    if (Date.now() - saltWarnedAt < 60_000) return;
    saltWarnedAt = Date.now();
    logger.warn({ err }, "the day's salt of visitor ids cannot be read: events are taken without a visitor id until it can");
  });
  const app = buildServer(context, [(server) => eventRoutes(server, context, ingest, { proxies: new TrustedProxies(config.trustedProxies), geo, visitors })]);
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  await hooks.onListening?.(url);
  // Nodes sharing a ClickHouse serve whatever any of them deployed last.
  const follower = store.kind === "clickhouse" ? followDeploys(context, project) : undefined;
  context.state.ready = true;
  logger.info({ url, dataDir: config.dataDir }, "Aviary is ready");
  if (config.localTokens) {
    logger.info("GET /tokens gives the admin token to programs on this machine (the SDK CLI's local mode); behind a proxy or forwarder on this machine, start with --no-local-tokens");
  }
  let closing: Promise<void> | undefined;
  return {
    url,
    app,
    context,
    createdWorkspace: started.created,
    close: () =>
      (closing ??= (async () => {
        context.state.shuttingDown = true;
        follower?.stop();
        // A client sending its body a byte at a time would hold the stop for as long as it likes.
        const cutOff = setTimeout(() => {
          logger.warn({ afterMs: STOP_GRACE_MS }, "requests still open when the stop's grace ended; their connections are closed");
          app.server.closeAllConnections();
        }, STOP_GRACE_MS);
        await app.close();
        clearTimeout(cutOff);
        // After HTTP (no new runs), before the engine: a working copy finishes its statements.
        await copies.close();
        await dataOps.close();
        await ingest.close();
        // After the last flush, which waits while another node holds writes.
        await writeHolds?.stop();
        await store.close();
        await engine.close();
        logger.info("stopped");
      })()),
  };
}
