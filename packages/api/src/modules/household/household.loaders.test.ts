import { expect, it } from "vitest";
import { expectOneStatement, stewardLoaderContext, useLoaderFixture } from "../../test/loaders.js";
import { households } from "./household.table.js";
import { householdLoaders } from "./household.loaders.js";

const fixture = useLoaderFixture();

it("householdLoaders.visibleMembers: several households in one tick are one statement, members grouped per household", async () => {
  const { database } = fixture();
  const ids = (await database.db.select({ id: households.id }).from(households)).map((r) => r.id);
  expect(ids).toHaveLength(3);
  const { visibleMembers } = householdLoaders(stewardLoaderContext(database));
  const members = await expectOneStatement(database, () => ids.map((id) => visibleMembers.load(id)));
  expect(members.map((m) => m.map((r) => r.householdId))).toEqual(ids.map((id) => [id]));
});

it("householdLoaders.currentMembershipsByCustomerId: several customers in one tick are one statement, answered in key order", async () => {
  const { database, ids: customerIds } = fixture();
  const { currentMembershipsByCustomerId } = householdLoaders(stewardLoaderContext(database));
  const rows = await expectOneStatement(database, () => customerIds.map((id) => currentMembershipsByCustomerId.load(id)));
  expect(rows.map((r) => r.map((m) => m.customerId))).toEqual(customerIds.map((id) => [id]));
});
