import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createPartner, issueKey } from "../modules/partner/partner.service.js";
import { startTestApp, type As, type TestApp } from "../test/app.js";
import { insertFullCustomer } from "../test/builders.js";
import { statementCacheStats, verifyStatementHits } from "./statements.js";

/**
 * Compiled customer reads are cached per shape (db/statements.ts), keyed by the visibility
 * condition the scope writes for the principal. The rule (privacy/scope.ts customerCondition):
 * under THIRD_PARTY_SHARING a partner sees a customer only with a grant *to that partner*; a
 * cached statement must therefore never be shared by two principals whose condition differs.
 * Hit verification is switched off here, so the test sees what a shared entry would answer.
 */
const QUERY = /* GraphQL */ `
  query ($id: ID!) {
    customer(id: $id) { id name consents { purpose partnerId status } interactions(first: 2) { totalCount edges { node { id } } } }
  }
`;

let app: TestApp;
let customerId: string;
let partnerA: As;
let partnerB: As;
let verifying: boolean;
beforeAll(async () => {
  app = await startTestApp();
  const db = app.database.db;
  const fields = ["name", "Interaction.*", "ConsentState.*"];
  const a = await createPartner(db, { name: "Sharing partner A", purposes: ["THIRD_PARTY_SHARING"], fields });
  const b = await createPartner(db, { name: "Sharing partner B", purposes: ["THIRD_PARTY_SHARING"], fields });
  partnerA = { apiKey: (await issueKey(db, a.id)).key };
  partnerB = { apiKey: (await issueKey(db, b.id)).key };
  customerId = (await insertFullCustomer(db, { grantPurposes: ["THIRD_PARTY_SHARING"], partnerId: a.id, phone: "+8613812300001" })).id;
  verifying = verifyStatementHits(false);
});
afterEach(() => {
  verifyStatementHits(false);
});
afterAll(async () => {
  verifyStatementHits(verifying);
  await app.close();
});

const read = async (as: As, purpose: string) => {
  const res = await app.gql(QUERY, { id: customerId }, { as, purpose });
  expect(res.errors).toBeUndefined();
  return res.data!.customer as { id: string; name: string } | null;
};

describe("compiled customer reads", () => {
  it("a partner without the grant never runs the statement compiled for the partner holding it (THIRD_PARTY_SHARING to A only)", async () => {
    expect((await read(partnerA, "THIRD_PARTY_SHARING"))?.id).toBe(customerId);
    const before = statementCacheStats();
    expect((await read(partnerA, "THIRD_PARTY_SHARING"))?.id).toBe(customerId);
    // The second read of the same shape by the same principal is served by the cached statement.
    expect(statementCacheStats().hits).toBeGreaterThan(before.hits);

    expect(await read(partnerB, "THIRD_PARTY_SHARING")).toBeNull();
    expect(await read(partnerB, "THIRD_PARTY_SHARING")).toBeNull();
    expect((await read(partnerA, "THIRD_PARTY_SHARING"))?.id).toBe(customerId);
  });

  it("a steward's cached statement is not a partner's: the partner still sees only what its grant allows", async () => {
    expect((await read("STEWARD", "SERVICE"))?.name).toBe("欧阳晓明");
    expect((await read("STEWARD", "SERVICE"))?.name).toBe("欧阳晓明");
    expect(await read(partnerB, "THIRD_PARTY_SHARING")).toBeNull();
  });

  it("with hit verification on (as in every other test file), the same reads rebuild and match their cached statements", async () => {
    verifyStatementHits(true);
    expect((await read(partnerA, "THIRD_PARTY_SHARING"))?.id).toBe(customerId);
    expect(await read(partnerB, "THIRD_PARTY_SHARING")).toBeNull();
  });
});
