import { expect, it } from "vitest";
import { expectOneStatement, stewardLoaderContext, useLoaderFixture } from "../../test/loaders.js";
import { feedbackLoaders } from "./feedback.loaders.js";

const fixture = useLoaderFixture();

it("feedbackLoaders.feedbackByCustomerId: several customers in one tick are one statement, answered in key order", async () => {
  const { database, ids } = fixture();
  const { feedbackByCustomerId } = feedbackLoaders(stewardLoaderContext(database));
  const rows = await expectOneStatement(database, () => ids.map((id) => feedbackByCustomerId.load(id)));
  expect(rows.map((r) => r.map((f) => f.customerId))).toEqual(ids.map((id) => [id]));
});
