import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/database.js";
import { insertFullCustomer, uniquePhone } from "../../test/builders.js";
import { customerIdsDescending, expectOneStatement, stewardLoaderContext } from "../../test/loaders.js";
import { careLoaders } from "./care.loaders.js";

let database: TestDatabase;
let ids: string[];
beforeAll(async () => {
  database = await createTestDatabase();
  for (let i = 0; i < 3; i++) await insertFullCustomer(database.db, { phone: uniquePhone() });
  ids = await customerIdsDescending(database);
  expect(ids).toHaveLength(3);
});
afterAll(() => database.close());

it("careLoaders.tasksByCustomerId: several customers in one tick are one statement, answered in key order", async () => {
  const { tasksByCustomerId } = careLoaders(stewardLoaderContext(database));
  // Every test customer's contract ends on 2027-01-01: a CONTRACT_ENDING task as of mid-December.
  const tasks = tasksByCustomerId({ kinds: ["CONTRACT_ENDING"], today: "2026-12-15" });
  const rows = await expectOneStatement(database, () => ids.map((id) => tasks.load(id)));
  expect(rows.map((r) => r.map((t) => [t.customerId, t.kind]))).toEqual(ids.map((id) => [[id, "CONTRACT_ENDING"]]));
});
