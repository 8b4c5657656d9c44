import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/database.js";
import { insertFullCustomer, uniquePhone } from "../../test/builders.js";
import { customerIdsDescending, expectOneStatement, stewardLoaderContext } from "../../test/loaders.js";
import { identityLoaders } from "./identity.loaders.js";

let database: TestDatabase;
let ids: string[];
beforeAll(async () => {
  database = await createTestDatabase();
  for (let i = 0; i < 3; i++) await insertFullCustomer(database.db, { phone: uniquePhone() });
  ids = await customerIdsDescending(database);
  expect(ids).toHaveLength(3);
});
afterAll(() => database.close());

it("identityLoaders.identifiersByCustomerId: several customers in one tick are one statement, answered in key order", async () => {
  const { identifiersByCustomerId } = identityLoaders(stewardLoaderContext(database));
  const rows = await expectOneStatement(database, () => ids.map((id) => identifiersByCustomerId.load(id)));
  expect(rows.map((r) => r.map((i) => i.customerId))).toEqual(ids.map((id) => [id]));
});
