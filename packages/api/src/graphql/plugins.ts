import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, Kind, type SelectionSetNode, type FragmentDefinitionNode } from "graphql";
import { logger, safeErrorSummary } from "../lib/logger.js";
import { env } from "../config/env.js";
import { mayCall } from "../privacy/permissions.js";
import type { Principal } from "../privacy/principal.js";
import type { Context } from "./context.js";
import { ErrorCode } from "./errors.js";
import { assertInputLimits } from "./input-limits.js";
import { assertComplexity } from "./limits.js";
import { requestInfoOf, statusForErrors } from "./request-info.js";
import { selectedFields } from "./selection.js";

const INTROSPECTION_FIELDS = new Set(["__schema", "__type"]);

const passwordChangeRequired = (p: Principal) => p.kind === "USER" && p.mustChangePassword === true;

/** TESSERA_INTROSPECTION: `signed-in` (default) follows the access table, `all` adds anonymous callers, `off` refuses everyone. */
function mayIntrospect(principal: Principal): boolean {
  const mode = env().TESSERA_INTROSPECTION;
  if (mode === "all") return true;
  if (mode === "off") return principal.kind === "SYSTEM";
  return mayCall(principal, "__schema");
}

function rootFields(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>): string[] {
  return selectionSet.selections.flatMap((s) => {
    if (s.kind === Kind.FIELD) return [s.name.value];
    if (s.kind === Kind.INLINE_FRAGMENT) return rootFields(s.selectionSet, fragments);
    const fragment = fragments.get(s.name.value);
    return fragment ? rootFields(fragment.selectionSet, fragments) : [];
  });
}

/**
 * The request lifecycle of the privacy model: authorise every root field before execution,
 * refuse operations too costly to run, note what the operation selects, then — once the result is ready — write the read audit row
 * and attach `extensions.redactions`. A read whose audit cannot be written is not answered.
 */
export const privacyPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue: ctx, operation, document, schema, request }) {
        if (!operation) return;
        if (operation.operation === "subscription") {
          throw new GraphQLError("Subscriptions are not supported: use a query or a mutation", { extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } } });
        }
        const fragments = new Map(
          document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
        );
        const fields = rootFields(operation.selectionSet, fragments);
        // Named before the checks below so refused requests are logged and traced with their operation too.
        const info = requestInfoOf(ctx);
        if (info) {
          info.operation = (operation.name?.value ?? fields.join(",")).slice(0, 100);
          info.operationLabel = `${operation.operation} ${fields.find((f) => f !== "__typename") ?? fields[0] ?? "?"}`;
        }
        const anonymous = ctx.principal.kind === "ANONYMOUS";
        const refused = fields.filter((f) => !(INTROSPECTION_FIELDS.has(f) ? mayIntrospect(ctx.principal) : mayCall(ctx.principal, f)));
        if (refused.length) {
          throw anonymous
            ? new GraphQLError("Sign in first: send Authorization: Bearer <session token or API key>", {
                extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
              })
            : new GraphQLError(`Not allowed: ${refused.join(", ")}`, {
                // A console shows the change-password form rather than "forbidden" (users.mustChangePassword).
                extensions: { code: ErrorCode.FORBIDDEN, fields: refused, ...(passwordChangeRequired(ctx.principal) ? { passwordChangeRequired: true } : {}), http: { status: 403 } },
              });
        }
        assertComplexity(schema, document, request.operationName ?? undefined, request.variables ?? {});
        assertInputLimits(schema, document, request.variables ?? {});
        ctx.audit.operation = operation.name?.value ?? fields.join(",");
        ctx.audit.selected = selectedFields(schema, document, operation);
      },
      async willSendResponse({ contextValue: ctx, response }) {
        if (response.body.kind !== "single" || !ctx.audit) return;
        const result = response.body.singleResult;
        try {
          await ctx.audit.flushReads(ctx.db);
        } catch (error) {
          logger.error({ requestId: ctx.requestId, err: safeErrorSummary(error) }, "audit write failed; withholding the response");
          response.body.singleResult = {
            errors: [{ message: "The audit trail is unavailable; the request was not answered", extensions: { code: ErrorCode.UNAVAILABLE } }],
          };
        }
        const answer = response.body.singleResult;
        if (answer === result) {
          const redactions = ctx.policy.redactions.entries(ctx.audit.selected);
          if (redactions.length) result.extensions = { ...result.extensions, redactions };
        }
        // An answer without data carries its HTTP status: 503 when the database is unavailable, 429 when rate limited.
        const { code, status, retryAfter } = statusForErrors(answer.errors, answer.data);
        const info = requestInfoOf(ctx);
        if (info) info.errorCode ??= code;
        if (status) response.http.status = status;
        if (retryAfter) response.http.headers.set("retry-after", String(retryAfter));
      },
    };
  },
};
