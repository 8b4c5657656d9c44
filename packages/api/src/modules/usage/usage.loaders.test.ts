import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/database.js";
import { insertFullCustomer, uniquePhone } from "../../test/builders.js";
import { customerIdsDescending, expectOneStatement, stewardLoaderContext } from "../../test/loaders.js";
import { usageLoaders } from "./usage.loaders.js";

let database: TestDatabase;
let ids: string[];
beforeAll(async () => {
  database = await createTestDatabase();
  for (let i = 0; i < 3; i++) await insertFullCustomer(database.db, { phone: uniquePhone() });
  ids = await customerIdsDescending(database);
  expect(ids).toHaveLength(3);
});
afterAll(() => database.close());

it("usageLoaders.recentByCustomerId: several customers in one tick are one statement, answered in key order", async () => {
  const { recentByCustomerId } = usageLoaders(stewardLoaderContext(database));
  const rows = await expectOneStatement(database, () => ids.map((id) => recentByCustomerId(12).load(id)));
  expect(rows.map((r) => r.map((m) => m.customerId))).toEqual(ids.map((id) => [id]));
});

it("usageLoaders.recentByCustomerId: one loader per month count, so customers asking for the same months share it", () => {
  const { recentByCustomerId } = usageLoaders(stewardLoaderContext(database));
  expect(recentByCustomerId(6)).toBe(recentByCustomerId(6));
  expect(recentByCustomerId(6)).not.toBe(recentByCustomerId(12));
});
