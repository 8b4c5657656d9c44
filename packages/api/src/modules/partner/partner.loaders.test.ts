import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/database.js";
import { expectOneStatement, stewardLoaderContext } from "../../test/loaders.js";
import { insertKey, insertPartner } from "./partner.queries.js";
import { partnerLoaders } from "./partner.loaders.js";

let database: TestDatabase;
let partnerIds: string[];
beforeAll(async () => {
  database = await createTestDatabase();
  partnerIds = [];
  for (const name of ["loader-a", "loader-b", "loader-c"]) {
    const partner = await insertPartner(database.db, { name, allowedPurposes: ["MARKETING"], fieldAllowlist: ["Customer.name"] });
    partnerIds.push(partner.id);
    if (name !== "loader-c") await insertKey(database.db, { partnerId: partner.id, keyId: `${name}-key`, secretHash: "x" });
  }
});
afterAll(() => database.close());

it("partnerLoaders.apiKeysByPartnerId: several partners in one tick are one statement, keys grouped per partner", async () => {
  const { apiKeysByPartnerId } = partnerLoaders(stewardLoaderContext(database));
  const keys = await expectOneStatement(database, () => partnerIds.map((id) => apiKeysByPartnerId.load(id)));
  expect(keys.map((k) => k.map((r) => r.keyId))).toEqual([["loader-a-key"], ["loader-b-key"], []]);
});
