import { isObjectType } from "graphql";
import { describe, expect, it } from "vitest";
import { tesseraSchema } from "../../graphql/schema.js";
import { consentEventData } from "../consent/consent.service.js";
import { disclosedFields, EVENT_DATA_FIELDS, eventDataFieldNames, STOP_NOTICES } from "./webhook.rules.js";
import { eventType } from "./webhook.table.js";

describe("what a webhook delivery discloses", () => {
  it("names every key of an event's data as a field of the schema", async () => {
    const schema = await tesseraSchema();
    const missing = eventDataFieldNames().filter((name) => {
      const [type, field] = name.split(".") as [string, string];
      const t = schema.getType(type);
      return !(isObjectType(t) && t.getFields()[field]);
    });
    expect(missing).toEqual([]);
    expect(Object.keys(EVENT_DATA_FIELDS).sort()).toEqual([...eventType.enumValues].sort());
  });

  it("a consent decision is told field by field, with no value", () => {
    const data = consentEventData({
      id: "e1",
      purpose: "MARKETING",
      channel: "SMS",
      partnerId: null,
      status: "WITHDRAWN",
      capturedAt: new Date("2026-03-01T00:00:00Z"),
      expiresAt: null,
    });
    expect(Object.keys(data).filter((k) => !(k in EVENT_DATA_FIELDS.CONSENT_CHANGED))).toEqual([]);
    expect(disclosedFields("CONSENT_CHANGED", data, [])).toEqual([
      "ConsentEvent.capturedAt",
      "ConsentEvent.channel",
      "ConsentEvent.expiresAt",
      "ConsentEvent.id",
      "ConsentEvent.partnerId",
      "ConsentEvent.purpose",
      "ConsentEvent.status",
    ]);
  });

  it("an update names the fields that changed and the fields sent; an unknown data key is still recorded", () => {
    expect(disclosedFields("CUSTOMER_UPDATED", { fields: ["phone", "name"], version: 4 }, ["name"])).toEqual(["Customer.name", "Customer.phone", "Customer.version"]);
    expect(disclosedFields("CASE_STATUS_CHANGED", { caseId: "c", from: null, to: "OPEN", action: "OPEN", version: 1 }, [])).toEqual([
      "Case.id",
      "Case.version",
      "CaseTransition.action",
      "CaseTransition.from",
      "CaseTransition.to",
    ]);
    expect(disclosedFields("CHURN_RISK_HIGH", { churnLevel: "HIGH", score: 91 }, [])).toEqual(["Insight.churnRisk", "OutboxEvent.data.score"]);
  });

  it("a stop notice's data discloses nothing (no loop of notices); customer fields sent with it still count", () => {
    for (const type of STOP_NOTICES) expect(disclosedFields(type, { audienceId: "a", purpose: "MARKETING" }, []), type).toEqual([]);
    expect(disclosedFields("AUDIENCE_MEMBER_REMOVED", { audienceId: "a", purpose: "MARKETING" }, ["region"])).toEqual(["Customer.region"]);
  });
});
