import { expect, it } from "vitest";
import { expectOneStatement, stewardLoaderContext, useLoaderFixture } from "../../test/loaders.js";
import { insightLoaders } from "./insight.loaders.js";

const fixture = useLoaderFixture();

it("insightLoaders.insightByCustomerId: several customers in one tick are one statement, answered in key order", async () => {
  const { database, ids } = fixture();
  const { insightByCustomerId } = insightLoaders(stewardLoaderContext(database));
  const rows = await expectOneStatement(database, () => ids.map((id) => insightByCustomerId.load(id)));
  expect(rows.map((r) => r.map((i) => i.customerId))).toEqual(ids.map((id) => [id]));
});
