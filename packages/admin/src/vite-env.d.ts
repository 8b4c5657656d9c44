/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** GraphQL endpoint; defaults to the same-origin `/graphql`. */
  readonly VITE_GRAPHQL_URL?: string;
}
