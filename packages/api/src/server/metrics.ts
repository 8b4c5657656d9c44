import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { pendingAuditRows } from "../audit/audit.writer.js";

/**
 * Prometheus metrics (prom-client), served at /metrics. Labels are operation names and error
 * codes only — bounded sets, never ids or values.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: "tessera_" });

export const requestsTotal = new Counter({
  name: "tessera_http_requests_total",
  help: "HTTP requests answered, by route, status and GraphQL error code",
  labelNames: ["route", "status", "code"] as const,
  registers: [registry],
});

export const graphqlDuration = new Histogram({
  name: "tessera_graphql_request_duration_seconds",
  help: "Time to answer a GraphQL request, by operation",
  labelNames: ["operation"] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

export const graphqlErrors = new Counter({
  name: "tessera_graphql_errors_total",
  help: "GraphQL errors answered, by extensions.code",
  labelNames: ["code"] as const,
  registers: [registry],
});

/** Sampled at scrape time from the live objects that own the numbers. */
export function registerLiveGauges(sources: { admission: () => { running: number; waiting: number }; poolSize: number; inFlight: () => number }) {
  registry.removeSingleMetric("tessera_audit_queue_depth");
  registry.removeSingleMetric("tessera_db_slots_busy");
  registry.removeSingleMetric("tessera_db_slots_waiting");
  registry.removeSingleMetric("tessera_db_pool_size");
  registry.removeSingleMetric("tessera_http_in_flight");
  new Gauge({ name: "tessera_audit_queue_depth", help: "Read audit rows waiting for their group commit", registers: [registry], collect() { this.set(pendingAuditRows()); } });
  new Gauge({ name: "tessera_db_slots_busy", help: "GraphQL requests holding a database slot (fair-share admission)", registers: [registry], collect() { this.set(sources.admission().running); } });
  new Gauge({ name: "tessera_db_slots_waiting", help: "GraphQL requests waiting for a database slot", registers: [registry], collect() { this.set(sources.admission().waiting); } });
  new Gauge({ name: "tessera_db_pool_size", help: "Database connections available (PGlite: 1)", registers: [registry], collect() { this.set(sources.poolSize); } });
  new Gauge({ name: "tessera_http_in_flight", help: "HTTP requests being answered", registers: [registry], collect() { this.set(sources.inFlight()); } });
}
