import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/database.js";
import { insertFullCustomer, uniquePhone } from "../../test/builders.js";
import { customerIdsDescending, expectOneStatement, stewardLoaderContext } from "../../test/loaders.js";
import { accountLoaders } from "./account.loaders.js";

let database: TestDatabase;
let ids: string[];
beforeAll(async () => {
  database = await createTestDatabase();
  for (let i = 0; i < 3; i++) await insertFullCustomer(database.db, { phone: uniquePhone() });
  ids = await customerIdsDescending(database);
  expect(ids).toHaveLength(3);
});
afterAll(() => database.close());

it("accountLoaders.keyAccountsByCustomerId: several customers in one tick are one statement, answered in key order", async () => {
  const { keyAccountsByCustomerId } = accountLoaders(stewardLoaderContext(database));
  const rows = await expectOneStatement(database, () => ids.map((id) => keyAccountsByCustomerId.load(id)));
  expect(rows.map((r) => r.map((a) => a.customerId))).toEqual(ids.map((id) => [id]));
});

it("accountLoaders.warningsByCustomerId: several accounts in one tick are one statement, answered in key order", async () => {
  const { warningsByCustomerId } = accountLoaders(stewardLoaderContext(database));
  const rows = await expectOneStatement(database, () => ids.map((id) => warningsByCustomerId.load(id)));
  expect(rows.map((r) => r.map((w) => w.customerId))).toEqual(ids.map((id) => [id]));
});
