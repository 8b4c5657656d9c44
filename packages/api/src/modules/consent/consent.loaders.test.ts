import { expect, it } from "vitest";
import { expectOneStatement, stewardLoaderContext, useLoaderFixture } from "../../test/loaders.js";
import { consentLoaders } from "./consent.loaders.js";

const fixture = useLoaderFixture({ grantPurposes: ["MARKETING"] });

it("consentLoaders.currentByCustomerId: several customers in one tick are one statement, answered in key order", async () => {
  const { database, ids } = fixture();
  const { currentByCustomerId } = consentLoaders(stewardLoaderContext(database));
  const rows = await expectOneStatement(database, () => ids.map((id) => currentByCustomerId.load(id)));
  expect(rows.map((r) => r.map((c) => [c.customerId, c.purpose]))).toEqual(ids.map((id) => [[id, "MARKETING"]]));
});

it("consentLoaders.historyByCustomerId: several customers in one tick are one statement, answered in key order", async () => {
  const { database, ids } = fixture();
  const { historyByCustomerId } = consentLoaders(stewardLoaderContext(database));
  const rows = await expectOneStatement(database, () => ids.map((id) => historyByCustomerId.load(id)));
  expect(rows.map((r) => r.map((e) => e.customerId))).toEqual(ids.map((id) => [id]));
});
