import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import type { Context } from "./context.js";
import { formatError } from "./errors.js";
import { privacyPlugin } from "./plugins.js";
import { tesseraSchema } from "./schema.js";

/**
 * Apollo Server over the type-graphql schema. The cache-control plugin is disabled: it hooks
 * every resolved field (2–3× on large responses) and Tessera sets no cache hints.
 */
export async function createApollo(): Promise<ApolloServer<Context>> {
  const apollo = new ApolloServer<Context>({
    schema: await tesseraSchema(),
    formatError,
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginCacheControlDisabled(), privacyPlugin],
  });
  await apollo.start();
  return apollo;
}
