import { expect, it } from "vitest";
import { expectOneStatement, stewardLoaderContext, useLoaderFixture } from "../../test/loaders.js";
import { identityLoaders } from "./identity.loaders.js";

const fixture = useLoaderFixture();

it("identityLoaders.identifiersByCustomerId: several customers in one tick are one statement, answered in key order", async () => {
  const { database, ids } = fixture();
  const { identifiersByCustomerId } = identityLoaders(stewardLoaderContext(database));
  const rows = await expectOneStatement(database, () => ids.map((id) => identifiersByCustomerId.load(id)));
  expect(rows.map((r) => r.map((i) => i.customerId))).toEqual(ids.map((id) => [id]));
});
