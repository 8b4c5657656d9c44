import type { PgTable } from "drizzle-orm/pg-core";
import type { Context } from "../../graphql/context.js";
import { asNode } from "../../graphql/node.js";
import { isUuid } from "../../lib/ids.js";
import { mayCall } from "../../privacy/permissions.js";
import { declareArgumentReads } from "../../privacy/scope.js";
import { findAudience } from "../audience/audience.service.js";
import { audiences } from "../audience/audience.table.js";
import { audienceView } from "../audience/audience.type.js";
import { findCase } from "../case/case.service.js";
import { cases } from "../case/case.table.js";
import { findCustomer } from "../customer/customer.service.js";
import { customers } from "../customer/customer.table.js";
import { readRequest } from "../dsr/dsr.service.js";
import { dataSubjectRequests } from "../dsr/dsr.table.js";
import { findSegment } from "../segment/segment.service.js";
import { segments } from "../segment/segment.table.js";
import { selectNodeType } from "./node.queries.js";

// A lookup by a surrogate id names a record; it matches no value.
declareArgumentReads("node", { id: [] });

interface NodeType {
  table: PgTable;
  /** The type's own lookup query: who may call it, and whose service answers. */
  query: string;
  find: (ctx: Context, id: string) => Promise<object | null>;
}

/** Every type implementing Node, with its own query's service (the same scope, masking and audit). */
const NODE_TYPES: Record<string, NodeType> = {
  Customer: { table: customers, query: "customer", find: (ctx, id) => findCustomer(ctx, id) },
  Case: { table: cases, query: "case", find: findCase },
  Segment: { table: segments, query: "segment", find: findSegment },
  DataSubjectRequest: { table: dataSubjectRequests, query: "dataSubjectRequest", find: readRequest },
  Audience: { table: audiences, query: "audience", find: async (ctx, id) => (await findAudience(ctx, id).then((a) => (a ? audienceView(a) : null))) },
};

/**
 * The object with this id, as its type's own query answers it: null when it does not exist, when
 * the caller may not call that query, or when that query answers null (not visible) — one answer.
 */
export async function findNode(ctx: Context, id: string): Promise<object | null> {
  if (!isUuid(id)) return null;
  const type = await selectNodeType(ctx.db, id, Object.entries(NODE_TYPES).map(([type, t]) => ({ type, table: t.table })));
  const node = type ? NODE_TYPES[type] : undefined;
  if (!type || !node || !mayCall(ctx.principal, node.query)) return null;
  const found = await node.find(ctx, id);
  return found ? asNode(found, type) : null;
}
