import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/database.js";
import { insertFullCustomer, uniquePhone } from "../../test/builders.js";
import { customerIdsDescending, expectOneStatement, stewardLoaderContext } from "../../test/loaders.js";
import { cases } from "./case.table.js";
import { caseLoaders } from "./case.loaders.js";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  for (let i = 0; i < 3; i++) await insertFullCustomer(database.db, { phone: uniquePhone() });
});
afterAll(() => database.close());

it("caseLoaders.byId: several loads in one tick are one statement, answered in key order", async () => {
  const ids = (await database.db.select({ id: cases.id }).from(cases)).map((r) => r.id);
  expect(ids).toHaveLength(3);
  const { byId } = caseLoaders(stewardLoaderContext(database));
  const rows = await expectOneStatement(database, () => ids.map((id) => byId.load(id)));
  expect(rows.map((r) => r?.id)).toEqual(ids);
});

it("caseLoaders.casesByCustomerId: several customers in one tick are one statement, answered in key order", async () => {
  const customerIds = await customerIdsDescending(database);
  const { casesByCustomerId } = caseLoaders(stewardLoaderContext(database));
  const rows = await expectOneStatement(database, () => customerIds.map((id) => casesByCustomerId.load(id)));
  expect(rows.map((r) => r.map((c) => c.customerId))).toEqual(customerIds.map((id) => [id]));
});
