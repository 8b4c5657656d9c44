/**
 * How Apollo executes an operation (issue 12 item 2). Queries run as JavaScript compiled once
 * per parsed document by graphql-jit: the same schema and the same resolvers (so the privacy
 * layer, the planned reads and the audit see exactly what they see under graphql-js), without
 * graphql-js's per-field interpretation: argument coercion, result completion and leaf
 * serialisation are generated code. On the customer 360 that execution was about a seventh of
 * the API's CPU per request.
 *
 * Everything else stays with graphql-js, whose behaviour the rest of the API was written
 * against: mutations (serial execution, the audit's transaction wrappers) and introspection. A
 * document graphql-jit cannot compile runs on graphql-js too. Variables are coerced once, by
 * the executor that runs the operation: those that do not coerce are refused with BAD_USER_INPUT
 * and status 400 on either path (graphql-jit answers them with errors and no data).
 *
 * Apollo Server takes a custom executor through its gateway interface
 * (@apollo/server-gateway-interface): `load` hands it the executor, `onSchemaLoadOrUpdate` the
 * schema that Apollo validates against. Parsing, validation and every plugin hook run as before.
 */
import type { GatewayExecutor, GatewayInterface } from "@apollo/server-gateway-interface";
import { execute, getOperationAST, GraphQLError, printSchema, type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";
import { weakMemo } from "../lib/memo.js";
import { ErrorCode } from "./errors.js";

const INTROSPECTION = new Set(["__schema", "__type"]);

/** True when graphql-jit runs this operation: a query that does not introspect. */
function compilable(operation: OperationDefinitionNode): boolean {
  return operation.operation === "query" && !operation.selectionSet.selections.some((s) => s.kind === "Field" && INTROSPECTION.has(s.name.value));
}

/** Compiled queries per parsed document (Apollo reuses a document across requests) and operation name; null: graphql-js runs it. */
const compiledOf = weakMemo((_document: DocumentNode) => new Map<string, CompiledQuery | null>());

function compiledFor(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, operationName: string | undefined): CompiledQuery | null {
  const byName = compiledOf(document);
  const key = operationName ?? "";
  let query = byName.get(key);
  if (query === undefined) {
    const result = compilable(operation) ? compileQuery(schema, document, operationName) : null;
    query = result && isCompiledQuery(result) ? result : null;
    byName.set(key, query);
  }
  return query;
}

/** Operations run compiled and on graphql-js since start (tests, diagnostics). */
const runs = { compiled: 0, interpreted: 0 };
export function executorRuns(): Readonly<typeof runs> {
  return { ...runs };
}

export function tesseraExecutor(schema: GraphQLSchema): GatewayExecutor {
  return async (request) => {
    const { document, operationName } = request;
    const variables = request.request.variables ?? {};
    const operation = request.operation ?? getOperationAST(document, operationName);
    const query = operation ? compiledFor(schema, document, operation, operationName ?? undefined) : null;
    if (!query) {
      runs.interpreted++;
      return execute({ schema, document, contextValue: request.context, variableValues: variables, operationName }) as Promise<ExecutionResult>;
    }
    runs.compiled++;
    const result = (await query.query(undefined, request.context, variables)) as ExecutionResult;
    if (!result.errors) return result;
    // Errors and no data: graphql-jit refused the variables before running anything (Apollo answers 400).
    const refused = result.data === undefined ? { code: ErrorCode.BAD_USER_INPUT } : undefined;
    return { ...result, errors: result.errors.map((error) => asGraphQLError(error, refused)) };
  };
}

/**
 * graphql-jit's errors as graphql-js's own class: theirs have read-only messages, and the error
 * hooks of Apollo's plugins (graphql-armor's suggestion blocking) rewrite messages in place.
 */
function asGraphQLError(error: GraphQLError, extensions?: Record<string, unknown>): GraphQLError {
  const copy = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined, extensions: { ...error.extensions, ...extensions } });
  Object.assign(copy, { locations: error.locations });
  return copy;
}

/** Apollo's gateway interface serving one fixed schema with `tesseraExecutor`. */
export function tesseraGateway(schema: GraphQLSchema): GatewayInterface {
  return {
    async load() {
      return { executor: tesseraExecutor(schema) };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    async stop() {},
  };
}
