import { Field, ID, InterfaceType } from "type-graphql";

/** The GraphQL type of an object answered by `node(id)`, kept on the object (not enumerable, so it never leaks into payloads). */
const NODE_TYPE = Symbol("nodeType");

export function asNode<T extends object>(value: T, typeName: string): T {
  Object.defineProperty(value, NODE_TYPE, { value: typeName, enumerable: false });
  return value;
}

/**
 * Relay's object identification: every object with its own lookup query implements Node, and
 * `node(id)` answers it through that query's service. Ids are the objects' own (UUIDs, unique across
 * types), so existing ids keep working.
 */
/** The GraphQL type name `asNode` gave a value: synchronous, as graphql-jit needs (graphql/schema.ts). */
export function nodeTypeOf(value: unknown): string | undefined {
  return (value as Record<symbol, unknown> | null)?.[NODE_TYPE] as string | undefined;
}

@InterfaceType({
  description: "An object with a global id: `node(id)` refetches it as its own query would (null when missing or not visible to you).",
  resolveType: nodeTypeOf,
})
export abstract class Node {
  @Field(() => ID) id!: string;
}
