import { registerEnumType } from "type-graphql";

/**
 * Registers a drizzle pgEnum as a GraphQL enum with the same values, so the database and the
 * API never disagree on an enum (one source of truth).
 */
export function gqlEnum<T extends string>(pg: { enumValues: readonly T[] }, name: string, description?: string) {
  const values = Object.fromEntries(pg.enumValues.map((v) => [v, v])) as { [K in T]: K };
  registerEnumType(values, { name, description });
  return values;
}
