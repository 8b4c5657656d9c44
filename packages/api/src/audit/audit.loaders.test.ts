import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/database.js";
import { insertCustomers } from "../test/builders.js";
import { customerIdsDescending, expectOneStatement, stewardLoaderContext } from "../test/loaders.js";
import { SYSTEM_PRINCIPAL } from "../privacy/principal.js";
import { appendAudit } from "./audit.writer.js";
import { auditLoaders } from "./audit.loaders.js";

let database: TestDatabase;
let ids: string[];
beforeAll(async () => {
  database = await createTestDatabase();
  await insertCustomers(database.db, 3);
  ids = await customerIdsDescending(database);
  // One read of each customer, a second of the first: the answers tell the customers apart.
  const reads = [...ids, ids[0]!].map((id) => ({ action: "READ" as const, operation: "customer", customerIds: [id], fields: ["Customer.name"] }));
  await appendAudit(database.db, { requestId: "loader-test", principal: SYSTEM_PRINCIPAL, purpose: "SERVICE" }, reads);
});
afterAll(() => database.close());

it("auditLoaders.accessLogByCustomerId: several customers in one tick are one read of the trail (after sealing), answered in key order", async () => {
  const { accessLogByCustomerId } = auditLoaders(stewardLoaderContext(database));
  const window = accessLogByCustomerId({ limit: 11 });
  database.statements.length = 0;
  const rows = await Promise.all(ids.map((id) => window.load(id)));
  // Sealing what is pending takes statements of its own (lock, chain head); the read is one.
  expect(database.statements.filter((s) => s.includes("requested(customer_id)"))).toHaveLength(1);
  expect(rows.map((r) => r.map((e) => e.customerId))).toEqual([[ids[0], ids[0]], [ids[1]], [ids[2]]]);
});

it("auditLoaders.accessLogCountByCustomerId: several customers in one tick are one statement, answered in key order", async () => {
  const { accessLogCountByCustomerId } = auditLoaders(stewardLoaderContext(database));
  const counts = await expectOneStatement(database, () => ids.map((id) => accessLogCountByCustomerId.load(id)));
  expect(counts).toEqual([2, 1, 1]);
});
