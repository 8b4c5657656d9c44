import { problem } from "@tessera/schema/problems";
import { ArgsType, Field, Int, ObjectType, type ClassType } from "type-graphql";
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
  /** Every list pages both ways (pageWindow/windowed give both flags): no connection is forward-only. */
  hasPreviousPage: boolean;
  /** Counted only when a client selects totalCount. */
  count: () => Promise<number>;
}

/**
 * A Relay connection type for `Node`, named `<name>Connection` / `<name>Edge`.
 * `totalCount` is a method so the count query runs only when it is selected.
 */
export function Connection<TNode extends object>(Node: ClassType<TNode>, name: string, options: { totalCount?: string } = {}) {
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

    @Field(() => Int, { description: options.totalCount ?? "Number of items matching the filter, across all pages." })
    totalCount(): Promise<number> {
      return this.count();
    }

    /**
     * Rows from the data layer become nodes as they are (the GraphQL type describes their shape).
     * Cursors are sealed (AES-GCM) only when a client selects them: a page read for its nodes
     * alone does not pay for one seal per edge.
     */
    static from<TRow extends object>(page: Page<TRow>): ConnectionType {
      const connection = new ConnectionType();
      const cursorAt = (i: number) => (page.nodes[i] === undefined ? null : page.cursorOf(page.nodes[i]));
      connection.edges = page.nodes.map((row, i) => lazy(Object.assign(new Edge(), { node: row as unknown as TNode }), "cursor", () => cursorAt(i)!));
      connection.pageInfo = lazy(lazy(Object.assign(new PageInfo(), { hasNextPage: page.hasNextPage, hasPreviousPage: page.hasPreviousPage }), "startCursor", () => cursorAt(0)), "endCursor", () =>
        cursorAt(page.nodes.length - 1),
      );
      connection.count = page.count;
      return connection;
    }
  }
  return ConnectionType;
}

/** Defines `key` on `target` as computed on first read, then kept. */
function lazy<T extends object, K extends keyof T>(target: T, key: K, compute: () => T[K]): T {
  Object.defineProperty(target, key, {
    configurable: true,
    enumerable: true,
    get() {
      const value = compute();
      Object.defineProperty(target, key, { value, enumerable: true });
      return value;
    },
  });
  return target;
}

export const DEFAULT_PAGE_SIZE = 20;

/** Validates `first` against the maximum page size (a clear error, never a silent clamp). */
export function pageSize(first: number | null | undefined, field = "first"): number {
  const max = env().TESSERA_MAX_PAGE_SIZE;
  const n = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(n) || n < 1 || n > max) throw BadInputError.field(field, problem("NOT_BETWEEN", { min: 1, max }));
  return n;
}


/** The Relay paging arguments: forward with first/after, backward with last/before. */
@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: "Page size forward (default 20, maximum TESSERA_MAX_PAGE_SIZE)." }) first?: number | null;
  @Field(() => String, { nullable: true, description: "Cursor of the last edge of the previous page." }) after?: string | null;
  @Field(() => Int, { nullable: true, description: "Page size backward: the last items before `before` (or of the list)." }) last?: number | null;
  @Field(() => String, { nullable: true, description: "Cursor of the first edge of the next page: page backward from it." }) before?: string | null;
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/**
 * The window a connection's arguments ask for. Backward (last/before) is read as the forward query
 * over the reversed order from the `before` cursor, `limit + 1` rows, then put back in list order
 * (windowed): one keyset query either way, and cursors stay the same sealed positions.
 */
export interface PageWindow {
  limit: number;
  backward: boolean;
  /** The cursor to start from (after, or before when backward). */
  cursor?: string;
  /** Its argument's name, for errors. */
  field: "after" | "before";
}

export function pageWindow(args: PageArgs): PageWindow {
  const backward = args.last != null || Boolean(args.before);
  if (backward && args.first != null) throw BadInputError.field("first", problem("PAGING_MIXED"));
  if (backward && args.after) throw BadInputError.field("after", problem("PAGING_MIXED"));
  return backward
    ? { limit: pageSize(args.last, "last"), backward, cursor: args.before ?? undefined, field: "before" }
    : { limit: pageSize(args.first), backward, cursor: args.after ?? undefined, field: "after" };
}

/** Rows read (limit + 1, in the window's direction) as a page in list order, with both page flags. */
export function windowed<T>(w: PageWindow, rows: readonly T[]): { nodes: T[]; hasNextPage: boolean; hasPreviousPage: boolean } {
  const more = rows.length > w.limit;
  const nodes = rows.slice(0, w.limit);
  // Backward, rows after the `before` cursor exist (the cursor's own row at least); forward, rows before `after`.
  return w.backward ? { nodes: nodes.reverse(), hasNextPage: Boolean(w.cursor), hasPreviousPage: more } : { nodes, hasNextPage: more, hasPreviousPage: Boolean(w.cursor) };
}
