// TypeScript types of the Tessera GraphQL API, generated from schema.graphql (see codegen.ts).
export * from "./generated/graphql.js";
