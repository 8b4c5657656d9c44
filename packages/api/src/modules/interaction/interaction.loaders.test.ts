import { expect, it } from "vitest";
import { insertInteractionsFor } from "../../test/builders.js";
import { expectOneStatement, stewardLoaderContext, useLoaderFixture } from "../../test/loaders.js";
import { interactionLoaders } from "./interaction.loaders.js";

const fixture = useLoaderFixture();

it("interactionLoaders.recentByCustomerId: several customers in one tick are one statement, answered in key order", async () => {
  const { database, ids } = fixture();
  const { recentByCustomerId } = interactionLoaders(stewardLoaderContext(database));
  const page = recentByCustomerId({ order: "TIME", backward: false, limit: 11 });
  const rows = await expectOneStatement(database, () => ids.map((id) => page.load(id)));
  expect(rows.map((r) => r.map((i) => i.customerId))).toEqual(ids.map((id) => [id]));
});

it("interactionLoaders.recentByCustomerId: one loader per window and filter, so the customers of a page share it", () => {
  const { database } = fixture();
  const { recentByCustomerId } = interactionLoaders(stewardLoaderContext(database));
  const window = { order: "TIME", backward: false, limit: 11 } as const;
  expect(recentByCustomerId({ ...window })).toBe(recentByCustomerId({ ...window }));
  expect(recentByCustomerId({ ...window, order: "ID" })).not.toBe(recentByCustomerId(window));
  expect(recentByCustomerId({ ...window, filter: { type: ["COMPLAINT"] } })).not.toBe(recentByCustomerId(window));
});

it("interactionLoaders.countByCustomerId: several customers in one tick are one statement, answered in key order", async () => {
  const { database, ids } = fixture();
  await insertInteractionsFor(database.db, [ids[0]!], 2);
  const { countByCustomerId } = interactionLoaders(stewardLoaderContext(database));
  const counts = await expectOneStatement(database, () => [...ids, "00000000-0000-4000-8000-000000000000"].map((id) => countByCustomerId(undefined).load(id)));
  expect(counts).toEqual([3, 1, 1, 0]);
});
