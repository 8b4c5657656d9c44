import { expect, it } from "vitest";
import { expectOneStatement, stewardLoaderContext, useLoaderFixture } from "../../test/loaders.js";
import { accountLoaders } from "./account.loaders.js";

const fixture = useLoaderFixture();

it("accountLoaders.keyAccountsByCustomerId: several customers in one tick are one statement, answered in key order", async () => {
  const { database, ids } = fixture();
  const { keyAccountsByCustomerId } = accountLoaders(stewardLoaderContext(database));
  const rows = await expectOneStatement(database, () => ids.map((id) => keyAccountsByCustomerId.load(id)));
  expect(rows.map((r) => r.map((a) => a.customerId))).toEqual(ids.map((id) => [id]));
});

it("accountLoaders.warningsByCustomerId: several accounts in one tick are one statement, answered in key order", async () => {
  const { database, ids } = fixture();
  const { warningsByCustomerId } = accountLoaders(stewardLoaderContext(database));
  const rows = await expectOneStatement(database, () => ids.map((id) => warningsByCustomerId.load(id)));
  expect(rows.map((r) => r.map((w) => w.customerId))).toEqual(ids.map((id) => [id]));
});
