import { GraphQLError, getNamedType, isListType, getNullableType, visit, type ASTNode, type DocumentNode, type GraphQLSchema } from "graphql";
import { getComplexity, simpleEstimator, type ComplexityEstimator } from "graphql-query-complexity";
import { env } from "../config/env.js";
import { weakMemo } from "../lib/memo.js";
import { DEFAULT_PAGE_SIZE } from "./connection.js";
import { ErrorCode } from "./errors.js";

/** Cost ceiling of one operation: a 100-customer page with every nested list is about 15k. */
export const MAX_COMPLEXITY = 50_000;
/** Plain lists (identifiers, consents, …) are short; assume this many items each. */
const ASSUMED_LIST_SIZE = 10;
/**
 * Every root field (each alias counts) is at least one database round trip and one audit entry,
 * so it costs this much on top of its selection: 2,000 aliased lookups cost about 100k.
 */
export const ROOT_FIELD_COST = 50;

/**
 * Connections cost `first` × their selection, plain lists ASSUMED_LIST_SIZE × their selection,
 * so a query's cost grows with the rows it can make the server load.
 */
const pageAwareEstimator: ComplexityEstimator = (options) => {
  const own = fieldCost(options);
  const root = options.type.name === "Query" || options.type.name === "Mutation";
  return root ? ROOT_FIELD_COST + (own ?? 1 + options.childComplexity) : own;
};

function fieldCost({ field, args, childComplexity }: Parameters<ComplexityEstimator>[0]): number | undefined {
  // A `first` above the maximum page size is refused by the list itself, with a clearer error.
  const first = typeof args.first === "number" ? Math.min(args.first, env().TESSERA_MAX_PAGE_SIZE) : undefined;
  if (getNamedType(field.type).name.endsWith("Connection")) return 1 + (first ?? DEFAULT_PAGE_SIZE) * childComplexity;
  // A connection's edges are already counted by `first`.
  if (field.name === "edges") return 1 + childComplexity;
  if (isListType(getNullableType(field.type))) return 1 + ASSUMED_LIST_SIZE * childComplexity;
  return undefined;
}

/**
 * The variables an operation's cost can depend on: those inside a `first` argument (the only
 * argument the estimators read) or inside a directive (@skip/@include decide what is counted).
 * Every other variable (an id, a filter) leaves the cost unchanged.
 */
const costVariables = weakMemo((document: DocumentNode): readonly string[] => {
  const found = new Set<string>();
    const collect = (node: ASTNode) =>
      visit(node, {
        Variable(v) {
          found.add(v.name.value);
        },
      });
    visit(document, {
      Argument(arg) {
        if (arg.name.value === "first") collect(arg.value);
      },
      Directive(directive) {
        // Directives on variable definitions are not part of the selection.
        collect(directive);
      },
      VariableDefinition() {
        return false;
      },
    });
  return [...found].sort();
});

/** Costs computed per parsed document (Apollo reuses the document of a query it has seen), by operation and cost variables. */
const costsOf = weakMemo((_document: DocumentNode) => new Map<string, number>());
/** Cost variants kept per document: a client paging with many page sizes recomputes beyond this. */
const MAX_COSTS_PER_DOCUMENT = 64;

/** Refuses operations above MAX_COMPLEXITY with QUERY_TOO_COMPLEX before anything executes. */
export function assertComplexity(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>) {
  const key = JSON.stringify([operationName ?? null, ...costVariables(document).map((name) => variables[name] ?? null)]);
  const costs = costsOf(document);
  let cost = costs.get(key);
  if (cost === undefined) {
    try {
      cost = getComplexity({ schema, query: document, operationName, variables, estimators: [pageAwareEstimator, simpleEstimator({ defaultComplexity: 1 })] });
    } catch (error) {
      // Variables that do not coerce (an unknown enum value, a string for an Int) fail here first.
      throw new GraphQLError((error as Error).message, { extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } } });
    }
    if (costs.size < MAX_COSTS_PER_DOCUMENT) costs.set(key, cost);
  }
  // With the cost known, variables are not coerced here a second time: the executor coerces them
  // once and refuses those that do not coerce with the same code and status (graphql/executor.ts).
  // Coercing a batch of 1,000 events twice was a quarter of an ingest request's CPU.
  if (cost > MAX_COMPLEXITY) {
    throw new GraphQLError(`Query is too complex: cost ${cost} exceeds the limit of ${MAX_COMPLEXITY}; ask for smaller pages or fewer nested lists`, {
      extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, cost, limit: MAX_COMPLEXITY, http: { status: 400 } },
    });
  }
}
