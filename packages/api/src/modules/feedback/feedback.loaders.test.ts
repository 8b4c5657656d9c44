import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/database.js";
import { insertFullCustomer, uniquePhone } from "../../test/builders.js";
import { customerIdsDescending, expectOneStatement, stewardLoaderContext } from "../../test/loaders.js";
import { feedbackLoaders } from "./feedback.loaders.js";

let database: TestDatabase;
let ids: string[];
beforeAll(async () => {
  database = await createTestDatabase();
  for (let i = 0; i < 3; i++) await insertFullCustomer(database.db, { phone: uniquePhone() });
  ids = await customerIdsDescending(database);
  expect(ids).toHaveLength(3);
});
afterAll(() => database.close());

it("feedbackLoaders.feedbackByCustomerId: several customers in one tick are one statement, answered in key order", async () => {
  const { feedbackByCustomerId } = feedbackLoaders(stewardLoaderContext(database));
  const rows = await expectOneStatement(database, () => ids.map((id) => feedbackByCustomerId.load(id)));
  expect(rows.map((r) => r.map((f) => f.customerId))).toEqual(ids.map((id) => [id]));
});
