import { expect, it } from "vitest";
import { expectOneStatement, stewardLoaderContext, useLoaderFixture } from "../../test/loaders.js";
import { usageLoaders } from "./usage.loaders.js";

const fixture = useLoaderFixture();

it("usageLoaders.recentByCustomerId: several customers in one tick are one statement, answered in key order", async () => {
  const { database, ids } = fixture();
  const { recentByCustomerId } = usageLoaders(stewardLoaderContext(database));
  const rows = await expectOneStatement(database, () => ids.map((id) => recentByCustomerId(12).load(id)));
  expect(rows.map((r) => r.map((m) => m.customerId))).toEqual(ids.map((id) => [id]));
});

it("usageLoaders.recentByCustomerId: one loader per month count, so customers asking for the same months share it", () => {
  const { database } = fixture();
  const { recentByCustomerId } = usageLoaders(stewardLoaderContext(database));
  expect(recentByCustomerId(6)).toBe(recentByCustomerId(6));
  expect(recentByCustomerId(6)).not.toBe(recentByCustomerId(12));
});
