import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/database.js";
import { insertCustomers } from "../../test/builders.js";
import { expectOneStatement, stewardLoaderContext } from "../../test/loaders.js";
import { customerLoaders } from "./customer.loaders.js";

let database: TestDatabase;
let ids: string[];
beforeAll(async () => {
  database = await createTestDatabase();
  ids = await insertCustomers(database.db, 3);
});
afterAll(() => database.close());

it("customerLoaders.byId: several loads in one tick are one statement, answered in key order", async () => {
  const { byId } = customerLoaders(stewardLoaderContext(database));
  const missing = "00000000-0000-4000-8000-000000000000";
  const rows = await expectOneStatement(database, () => [...ids, missing].map((id) => byId.load(id)));
  expect(rows.map((r) => r?.id ?? null)).toEqual([...ids, null]);
});
