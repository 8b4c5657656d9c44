import { problem, type Problem } from "@tessera/schema/problems";
import type { DbOrTx } from "../db/client.js";
import { pageWindow, windowed, type Page, type PageArgs } from "./connection.js";
import { cursorCodec } from "./cursor.js";
import { isUuid } from "../lib/ids.js";
import { BadInputError } from "./errors.js";

/** The rows a keyset page asks its list for: `limit` rows after `from` in list order, or before it (reversed) when backward. */
export interface KeysetRead<Key> {
  from: Key | undefined;
  backward: boolean;
  /** The page size + 1: the extra row tells whether there is another page. */
  limit: number;
}

/**
 * One keyset-paged list. A list says how its position is sealed in a cursor (`positionOf`,
 * `fromCursor`), how it reads a window, how its rows are released to the caller and how it is
 * counted; the paging steps themselves are keysetPage's.
 */
export interface KeysetList<Row, Key, Node> {
  /** The cursor namespace (e.g. `customers`, `interactions:id`): a cursor of one list or order is refused by another. */
  list: string;
  /** How many values a position has (positionOf's length). */
  arity: number;
  /** The sealed position of a row, taken from the unmasked row (a withheld sort value is still a position). */
  positionOf: (row: Row) => unknown[];
  /** The read position in a cursor's sealed values, or undefined when they are not one (the client gets BAD_USER_INPUT). */
  fromCursor: (values: unknown[]) => Key | undefined;
  /** The problem when `fromCursor` refuses (default INVALID_CURSOR; text only from audit/, still to convert). */
  invalidCursor?: Problem;
  read: (window: KeysetRead<Key>) => Promise<readonly Row[]>;
  /**
   * The rows as the caller sees them (masked), one node per row in order, null for a row dropped;
   * default the rows themselves. Kept aligned so each node keeps its row's position.
   */
  release?: (rows: Row[]) => readonly (Node | null)[] | Promise<readonly (Node | null)[]>;
  count: () => Promise<number>;
  /**
   * The GraphQL connection type the page answers (e.g. `CustomerConnection`): when the operation
   * selects its `totalCount`, the count runs beside the read instead of after it, so a page costs
   * the slower of the two statements rather than their sum.
   */
  connection?: string;
}

/**
 * The one keyset-pagination helper every connection uses: the window from first/after or
 * last/before (pageWindow), the cursor opened against its list, one read of limit + 1 rows, the
 * page put back in list order with both flags (windowed), and cursors sealed from the unmasked
 * rows — lazily, when a client selects one (Connection.from).
 */
export async function keysetPage<Row, Key, Node = Row>(
  ctx: { db: DbOrTx; audit?: { selected: ReadonlySet<string> } },
  args: PageArgs,
  list: KeysetList<Row, Key, Node>,
): Promise<Page<Node>> {
  const w = pageWindow(args);
  const codec = await cursorCodec(ctx.db);
  let from: Key | undefined;
  if (w.cursor) {
    from = list.fromCursor(codec.decode(list.list, w.cursor, list.arity, w.field));
    if (from === undefined) throw BadInputError.field(w.field, list.invalidCursor ?? problem("INVALID_CURSOR"));
  }
  const counted = list.connection && ctx.audit?.selected.has(`${list.connection}.totalCount`) ? list.count() : undefined;
  // Awaited by totalCount; a read that fails first must not leave it an unhandled rejection.
  counted?.catch(() => {});
  const page = windowed(w, await list.read({ from, backward: w.backward, limit: w.limit + 1 }));
  const released = list.release ? await list.release(page.nodes) : (page.nodes as unknown as Node[]);
  // Each node keeps the row it was released from: its cursor is that row's position.
  if (released.length !== page.nodes.length) throw new Error(`keysetPage(${list.list}): release must give one node (or null) per row, in order`);
  const rowOf = new Map<Node, Row>();
  released.forEach((node, i) => node !== null && rowOf.set(node, page.nodes[i]!));
  return {
    nodes: [...rowOf.keys()],
    hasNextPage: page.hasNextPage,
    hasPreviousPage: page.hasPreviousPage,
    cursorOf: (node) => codec.encode(list.list, list.positionOf(rowOf.get(node) ?? (node as unknown as Row))),
    count: counted ? () => counted : list.count,
  };
}

/** The (timestamp, id) position most lists are ordered by, or undefined when the values are not one. */
export function timeAndId(values: unknown[]): { at: string; id: string } | undefined {
  const [at, id] = values;
  return typeof at === "string" && !Number.isNaN(Date.parse(at)) && typeof id === "string" && isUuid(id) ? { at, id } : undefined;
}
