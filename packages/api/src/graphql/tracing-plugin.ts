import type { ApolloServerPlugin } from "@apollo/server";
import { context, SpanStatusCode, trace, type Span } from "@opentelemetry/api";
import type { GraphQLError } from "graphql";
import { tracer, tracingEnabled } from "../lib/tracing.js";
import type { Context } from "./context.js";

/** Ends a phase span, marking it failed with the error's code only (messages can quote input). */
function ender(span: Span) {
  return async (error?: unknown) => {
    const first: unknown = Array.isArray(error) ? error[0] : error;
    if (first) span.setStatus({ code: SpanStatusCode.ERROR, message: String((first as GraphQLError).extensions?.code ?? "error") });
    span.end();
  };
}

/**
 * Child spans of the request span for the phases of a GraphQL operation — parse, validate,
 * execute — and one per root field, named by schema coordinates only (no arguments, no values).
 * Nested fields get no span: the per-field cost of a span would dominate the 360's execution.
 */
export const tracingPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    if (!tracingEnabled()) return;
    return {
      async parsingDidStart() {
        return ender(tracer.startSpan("graphql.parse"));
      },
      async validationDidStart() {
        return ender(tracer.startSpan("graphql.validate"));
      },
      async executionDidStart({ operation }) {
        const execution = tracer.startSpan("graphql.execute", { attributes: { "graphql.operation.type": operation.operation } });
        const inside = trace.setSpan(context.active(), execution);
        return {
          willResolveField({ info }) {
            if (info.path.prev !== undefined) return;
            const span = tracer.startSpan(`${info.parentType.name}.${info.fieldName}`, { attributes: { "graphql.field.path": String(info.path.key) } }, inside);
            return (error) => void ender(span)(error);
          },
          async executionDidEnd(error) {
            await ender(execution)(error);
          },
        };
      },
    };
  },
};
