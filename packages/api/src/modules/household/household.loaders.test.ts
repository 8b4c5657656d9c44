import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/database.js";
import { insertFullCustomer, uniquePhone } from "../../test/builders.js";
import { customerIdsDescending, expectOneStatement, stewardLoaderContext } from "../../test/loaders.js";
import { households } from "./household.table.js";
import { householdLoaders } from "./household.loaders.js";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  for (let i = 0; i < 3; i++) await insertFullCustomer(database.db, { phone: uniquePhone() });
});
afterAll(() => database.close());

it("householdLoaders.visibleMembers: several households in one tick are one statement, members grouped per household", async () => {
  const ids = (await database.db.select({ id: households.id }).from(households)).map((r) => r.id);
  expect(ids).toHaveLength(3);
  const { visibleMembers } = householdLoaders(stewardLoaderContext(database));
  const members = await expectOneStatement(database, () => ids.map((id) => visibleMembers.load(id)));
  expect(members.map((m) => m.map((r) => r.householdId))).toEqual(ids.map((id) => [id]));
});

it("householdLoaders.currentMembershipsByCustomerId: several customers in one tick are one statement, answered in key order", async () => {
  const customerIds = await customerIdsDescending(database);
  const { currentMembershipsByCustomerId } = householdLoaders(stewardLoaderContext(database));
  const rows = await expectOneStatement(database, () => customerIds.map((id) => currentMembershipsByCustomerId.load(id)));
  expect(rows.map((r) => r.map((m) => m.customerId))).toEqual(customerIds.map((id) => [id]));
});
