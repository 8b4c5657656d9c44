import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import { GraphQLError, type ValidationContext } from "graphql";
import type { Context } from "./context.js";
import { ErrorCode, formatError } from "./errors.js";
import { tesseraGateway } from "./executor.js";
import { privacyPlugin } from "./plugins.js";
import { tracingPlugin } from "./tracing-plugin.js";
import { tesseraSchema } from "./schema.js";

/** Shape limits of one operation, checked while validating it (before anything executes). */
export const QUERY_SHAPE_LIMITS = { depth: 12, aliases: 100, directives: 50, tokens: 10_000 } as const;

/** graphql-armor rejections become QUERY_TOO_COMPLEX (they are limits, not malformed input). */
const tooComplex = (context: ValidationContext | null, error: GraphQLError) =>
  context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ""), { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } }));

/**
 * Apollo Server over the type-graphql schema. The cache-control plugin is disabled: it hooks
 * every resolved field (2–3× on large responses) and Tessera sets no cache hints. graphql-armor
 * bounds depth, aliases and directives; the cost (graphql/limits.ts), text lengths
 * (graphql/input-limits.ts) and the token count (graphql-js's parser) are bounded too.
 */
export async function createApollo(): Promise<ApolloServer<Context>> {
  const reject = { propagateOnRejection: false, onReject: [tooComplex] };
  const armor = new ApolloArmor({
    maxDepth: { n: QUERY_SHAPE_LIMITS.depth, ...reject },
    maxAliases: { n: QUERY_SHAPE_LIMITS.aliases, ...reject },
    maxDirectives: { n: QUERY_SHAPE_LIMITS.directives, ...reject },
    // Our own cost model (graphql/limits.ts) knows page sizes; graphql-js counts tokens itself.
    costLimit: { enabled: false },
    maxTokens: { enabled: false },
    // Signed-in callers may introspect; suggestions would leak field names to anonymous callers.
    blockFieldSuggestion: { enabled: true },
  }).protect();
  const apollo = new ApolloServer<Context>({
    // Queries run compiled by graphql-jit, everything else on graphql-js (graphql/executor.ts).
    gateway: tesseraGateway(await tesseraSchema()),
    formatError,
    includeStacktraceInErrorResponses: false,
    // `tessera serve` drains on SIGTERM itself; Apollo's own handler would stop it and re-raise the signal (exit 143).
    stopOnTerminationSignals: false,
    // Introspection is decided per request by TESSERA_INTROSPECTION (graphql/plugins.ts).
    introspection: true,
    parseOptions: { maxTokens: QUERY_SHAPE_LIMITS.tokens },
    validationRules: armor.validationRules,
    plugins: [ApolloServerPluginCacheControlDisabled(), ...armor.plugins, privacyPlugin, tracingPlugin],
  });
  await apollo.start();
  return apollo;
}
