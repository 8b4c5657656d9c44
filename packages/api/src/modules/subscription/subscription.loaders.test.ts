import { expect, it } from "vitest";
import { expectOneStatement, stewardLoaderContext, useLoaderFixture } from "../../test/loaders.js";
import { subscriptionLoaders } from "./subscription.loaders.js";

const fixture = useLoaderFixture();

it("subscriptionLoaders.subscriptionsByCustomerId: several customers in one tick are one statement, answered in key order", async () => {
  const { database, ids } = fixture();
  const { subscriptionsByCustomerId } = subscriptionLoaders(stewardLoaderContext(database));
  const rows = await expectOneStatement(database, () => ids.map((id) => subscriptionsByCustomerId.load(id)));
  expect(rows.map((r) => r.map((s) => s.customerId))).toEqual(ids.map((id) => [id]));
});
