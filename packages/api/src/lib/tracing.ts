import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from "@opentelemetry/api";
import type { IncomingMessage } from "node:http";
import { logger, safeErrorSummary } from "./logger.js";

/**
 * OpenTelemetry tracing, off unless an OTLP endpoint is configured (the standard
 * OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT; OTEL_SERVICE_NAME names the
 * service). Spans carry the same fields as the request log — request id, operation, principal
 * kind, purpose, status, error code — and never a variable, an argument or a result value, so a
 * trace backend holds no personal data.
 *
 * With tracing off, `tracer` is the API's no-op tracer and `enabled` is false, so the request path
 * pays one boolean check.
 */
export const tracer = trace.getTracer("tessera");
let enabled = false;
let provider: { forceFlush(): Promise<void>; shutdown(): Promise<void> } | undefined;

export const tracingEnabled = () => enabled;

export function tracingEndpoint(source: NodeJS.ProcessEnv = process.env): string | undefined {
  return source.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || source.OTEL_EXPORTER_OTLP_ENDPOINT || undefined;
}

/** Registers the SDK once (the packages are loaded only when tracing is on). */
export async function startTracing(): Promise<boolean> {
  const endpoint = tracingEndpoint();
  if (!endpoint || enabled) return enabled;
  const [{ TracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { AsyncLocalStorageContextManager }, { W3CTraceContextPropagator }, { resourceFromAttributes }] =
    await Promise.all([
      import("@opentelemetry/sdk-trace"),
      import("@opentelemetry/exporter-trace-otlp-http"),
      import("@opentelemetry/context-async-hooks"),
      import("@opentelemetry/core"),
      import("@opentelemetry/resources"),
    ]);
  const sdk = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": process.env.OTEL_SERVICE_NAME || "tessera-api" }),
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(sdk);
  provider = sdk;
  enabled = true;
  logger.info({ endpoint: endpoint.replace(/\/\/[^@/]*@/, "//") }, "OpenTelemetry tracing on");
  return true;
}

/** Flushes pending spans (graceful shutdown); errors are logged, never thrown. */
export async function stopTracing(): Promise<void> {
  if (!provider) return;
  try {
    await provider.shutdown();
  } catch (error) {
    logger.warn({ err: safeErrorSummary(error) }, "could not flush traces");
  }
}

/** What a request's span records once it is answered: the response status and the request log's fields. */
export type SpanFacts = Attributes & { status: number };

/** Runs one HTTP request inside a SERVER span that continues the caller's W3C `traceparent`. */
export async function traceRequest(req: IncomingMessage, name: string, run: (facts: SpanFacts) => Promise<unknown>): Promise<void> {
  const facts: SpanFacts = { status: 500 };
  if (!enabled) {
    await run(facts);
    return;
  }
  const parent = propagation.extract(context.active(), req.headers);
  const span = tracer.startSpan(name, { kind: SpanKind.SERVER, attributes: { "http.request.method": req.method ?? "GET" } }, parent);
  try {
    await context.with(trace.setSpan(parent, span), () => run(facts));
  } finally {
    const { status, ...attributes } = facts;
    span.setAttributes({ ...attributes, "http.response.status_code": status });
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  }
}

/** A child span of the current one around `run` (no-op when tracing is off). */
export async function inSpan<T>(name: string, run: (span?: Span) => Promise<T>, attributes?: Attributes): Promise<T> {
  if (!enabled) return run();
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await run(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as { code?: string }).code ?? "error" });
      throw error;
    } finally {
      span.end();
    }
  });
}
