import { expect, it } from "vitest";
import { expectOneStatement, stewardLoaderContext, useLoaderFixture } from "../../test/loaders.js";
import { careLoaders } from "./care.loaders.js";

const fixture = useLoaderFixture();

it("careLoaders.tasksByCustomerId: several customers in one tick are one statement, answered in key order", async () => {
  const { database, ids } = fixture();
  const { tasksByCustomerId } = careLoaders(stewardLoaderContext(database));
  // Every test customer's contract ends on 2027-01-01: a CONTRACT_ENDING task as of mid-December.
  const tasks = tasksByCustomerId({ kinds: ["CONTRACT_ENDING"], today: "2026-12-15" });
  const rows = await expectOneStatement(database, () => ids.map((id) => tasks.load(id)));
  expect(rows.map((r) => r.map((t) => [t.customerId, t.kind]))).toEqual(ids.map((id) => [[id, "CONTRACT_ENDING"]]));
});
