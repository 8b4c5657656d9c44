import { Field, Int, ObjectType, type ClassType } from "type-graphql";
import { env } from "../config/env.js";
import { BadInputError } from "./errors.js";

@ObjectType({ description: "Relay page information." })
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => Boolean) hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

export interface Page<T> {
  nodes: T[];
  cursorOf: (node: T) => string;
  hasNextPage: boolean;
  /** Counted only when a client selects totalCount. */
  count: () => Promise<number>;
}

/**
 * A Relay connection type for `Node`, named `<name>Connection` / `<name>Edge`.
 * `totalCount` is a method so the count query runs only when it is selected.
 */
export function Connection<TNode extends object>(Node: ClassType<TNode>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String) cursor!: string;
    @Field(() => Node) node!: TNode;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [Edge]) edges!: Edge[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    count!: () => Promise<number>;

    @Field(() => Int, { description: "Number of items matching the filter, across all pages." })
    totalCount(): Promise<number> {
      return this.count();
    }

    /** Rows from the data layer become nodes as they are (the GraphQL type describes their shape). */
    static from<TRow extends object>(page: Page<TRow>, hasPreviousPage: boolean): ConnectionType {
      const connection = new ConnectionType();
      connection.edges = page.nodes.map((row) => Object.assign(new Edge(), { node: row as unknown as TNode, cursor: page.cursorOf(row) }));
      connection.pageInfo = {
        hasNextPage: page.hasNextPage,
        hasPreviousPage,
        startCursor: connection.edges[0]?.cursor ?? null,
        endCursor: connection.edges.at(-1)?.cursor ?? null,
      };
      connection.count = page.count;
      return connection;
    }
  }
  return ConnectionType;
}

export const DEFAULT_PAGE_SIZE = 20;

/** Validates `first` against the maximum page size (a clear error, never a silent clamp). */
export function pageSize(first: number | null | undefined, field = "first"): number {
  const max = env().TESSERA_MAX_PAGE_SIZE;
  const n = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(n) || n < 1 || n > max) throw BadInputError.field(field, `must be between 1 and ${max}`);
  return n;
}

