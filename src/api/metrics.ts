/** Prometheus metrics for `GET /metrics`: one registry per server, nothing global. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export interface Metrics {
  readonly registry: Registry;
  readonly requests: Counter<"route" | "method" | "status">;
  readonly requestSeconds: Histogram<"route">;
  readonly querySeconds: Histogram<"kind">;
  /** Events API rows by outcome: accepted, quarantined, duplicate (dropped by a dedupe key). */
  readonly ingestRows: Counter<"datasource" | "outcome">;
  /** Seconds from an Events API acknowledgement until its rows are queryable. */
  readonly flushLagSeconds: Histogram<"datasource">;
  readonly backlogRows: Gauge;
  /** API requests waiting for their turn at the engine, and those holding it (src/query/fair-queue.ts). */
  readonly queueWaiting: Gauge;
  readonly queueRunning: Gauge;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "aviary_" });
  return {
    registry,
    requests: new Counter({ name: "aviary_http_requests_total", help: "HTTP requests by route and status", labelNames: ["route", "method", "status"], registers: [registry] }),
    requestSeconds: new Histogram({
      name: "aviary_http_request_duration_seconds",
      help: "HTTP request latency",
      labelNames: ["route"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers: [registry],
    }),
    querySeconds: new Histogram({
      name: "aviary_engine_query_duration_seconds",
      help: "Time spent in ClickHouse per statement",
      labelNames: ["kind"],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
      registers: [registry],
    }),
    ingestRows: new Counter({ name: "aviary_ingest_rows_total", help: "Events API rows by datasource and outcome", labelNames: ["datasource", "outcome"], registers: [registry] }),
    flushLagSeconds: new Histogram({
      name: "aviary_ingest_flush_lag_seconds",
      help: "Time from an Events API acknowledgement until its rows are queryable",
      labelNames: ["datasource"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 3, 5, 10, 30],
      registers: [registry],
    }),
    backlogRows: new Gauge({ name: "aviary_ingest_backlog_rows", help: "Events API rows acknowledged but not yet inserted", registers: [registry] }),
    queueWaiting: new Gauge({ name: "aviary_query_queue_waiting", help: "API requests waiting for their turn at the engine", registers: [registry] }),
    queueRunning: new Gauge({ name: "aviary_query_queue_running", help: "API requests holding an engine slot", registers: [registry] }),
  };
}
