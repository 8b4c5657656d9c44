import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/database.js";
import { insertFullCustomer, uniquePhone } from "../../test/builders.js";
import { customerIdsDescending, expectOneStatement, stewardLoaderContext } from "../../test/loaders.js";
import { consentLoaders } from "./consent.loaders.js";

let database: TestDatabase;
let ids: string[];
beforeAll(async () => {
  database = await createTestDatabase();
  for (let i = 0; i < 3; i++) await insertFullCustomer(database.db, { phone: uniquePhone(), grantPurposes: ["MARKETING"] });
  ids = await customerIdsDescending(database);
  expect(ids).toHaveLength(3);
});
afterAll(() => database.close());

it("consentLoaders.currentByCustomerId: several customers in one tick are one statement, answered in key order", async () => {
  const { currentByCustomerId } = consentLoaders(stewardLoaderContext(database));
  const rows = await expectOneStatement(database, () => ids.map((id) => currentByCustomerId.load(id)));
  expect(rows.map((r) => r.map((c) => [c.customerId, c.purpose]))).toEqual(ids.map((id) => [[id, "MARKETING"]]));
});

it("consentLoaders.historyByCustomerId: several customers in one tick are one statement, answered in key order", async () => {
  const { historyByCustomerId } = consentLoaders(stewardLoaderContext(database));
  const rows = await expectOneStatement(database, () => ids.map((id) => historyByCustomerId.load(id)));
  expect(rows.map((r) => r.map((e) => e.customerId))).toEqual(ids.map((id) => [id]));
});
