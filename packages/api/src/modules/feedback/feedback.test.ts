import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/app.js";
import { insertCustomers } from "../../test/builders.js";

let app: TestApp;
let customerId: string;
beforeAll(async () => {
  app = await startTestApp();
  [customerId] = await insertCustomers(app.database.db, 1);
});
afterAll(() => app.close());

const SUBMIT = `mutation($input: SubmitFeedbackInput!) { submitFeedback(input: $input) { id kind score aspect } }`;
const feedbackCount = async () => (await app.gql(`query($id: ID!) { customer(id: $id) { feedback { id } } }`, { id: customerId })).data!.customer.feedback.length;

describe("feedback", () => {
  it("accepts an NPS of 0 to 10 and a CSAT of 1 to 5", async () => {
    const nps = await app.gql(SUBMIT, { input: { customerId, kind: "NPS", score: 10, channel: "SMS" } });
    expect(nps.data!.submitFeedback).toMatchObject({ kind: "NPS", score: 10, aspect: "OVERALL" });
    const csat = await app.gql(SUBMIT, { input: { customerId, kind: "CSAT", score: 1, aspect: "NETWORK", channel: "APP", comment: "信号差" } });
    expect(csat.data!.submitFeedback).toMatchObject({ kind: "CSAT", score: 1, aspect: "NETWORK" });
  });

  it("rejects an NPS of 11 and a CSAT of 0 naming the score, writing nothing", async () => {
    const before = await feedbackCount();
    const nps = await app.gql(SUBMIT, { input: { customerId, kind: "NPS", score: 11, channel: "SMS" } });
    expect(nps.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.score" });
    expect(nps.errors![0]!.message).toContain("from 0 to 10");
    const csat = await app.gql(SUBMIT, { input: { customerId, kind: "CSAT", score: 0, channel: "SMS" } });
    expect(csat.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.score" });
    expect(await feedbackCount()).toBe(before);
  });

  it("requires answers for a survey", async () => {
    const res = await app.gql(SUBMIT, { input: { customerId, kind: "SURVEY", channel: "WEB" } });
    expect(res.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.answers" });
  });
});
