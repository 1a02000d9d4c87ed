/** Prometheus metrics for `GET /metrics`: one registry per server, nothing global. */
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export interface Metrics {
  readonly registry: Registry;
  readonly requests: Counter<"route" | "method" | "status">;
  readonly requestSeconds: Histogram<"route">;
  readonly querySeconds: Histogram<"kind">;
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
  };
}
