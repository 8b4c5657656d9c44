import { expect, it } from "vitest";
import { expectOneStatement, stewardLoaderContext, useLoaderFixture } from "../../test/loaders.js";
import { cases } from "./case.table.js";
import { caseLoaders } from "./case.loaders.js";

const fixture = useLoaderFixture();

it("caseLoaders.byId: several loads in one tick are one statement, answered in key order", async () => {
  const { database } = fixture();
  const ids = (await database.db.select({ id: cases.id }).from(cases)).map((r) => r.id);
  expect(ids).toHaveLength(3);
  const { byId } = caseLoaders(stewardLoaderContext(database));
  const rows = await expectOneStatement(database, () => ids.map((id) => byId.load(id)));
  expect(rows.map((r) => r?.id)).toEqual(ids);
});

it("caseLoaders.casesByCustomerId: several customers in one tick are one statement, answered in key order", async () => {
  const { database, ids: customerIds } = fixture();
  const { casesByCustomerId } = caseLoaders(stewardLoaderContext(database));
  const rows = await expectOneStatement(database, () => customerIds.map((id) => casesByCustomerId.load(id)));
  expect(rows.map((r) => r.map((c) => c.customerId))).toEqual(customerIds.map((id) => [id]));
});
