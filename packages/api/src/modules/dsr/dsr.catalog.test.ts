import { CATALOG, type CatalogType } from "@tessera/schema/catalog";
import { describe, expect, it } from "vitest";
import { CATALOG_TYPES, clearingPatch, columnOf, ERASED_TYPES, fieldsErased, handlingOf, personalFields, RECORD_TYPES } from "./dsr.catalog.js";
import { ERASED_TEXT } from "./dsr.rules.js";

describe("export and erasure follow the data catalog", () => {
  it("every catalog type has a rule, and every stored personal field is a column the export reads", () => {
    expect(CATALOG_TYPES).toEqual(Object.keys(CATALOG));
    const missing = CATALOG_TYPES.filter((type) => {
      try {
        handlingOf(type);
        return false;
      } catch {
        return true;
      }
    });
    // A new catalog type with stored personal data needs its rule in dsr.catalog.ts.
    expect(missing).toEqual([]);
    for (const type of CATALOG_TYPES) {
      const { storage, erasure, load } = handlingOf(type);
      if (erasure === "DERIVED" || erasure === "EMBEDDED") continue;
      expect(load, type).toBeDefined();
      expect(storage, type).toBeDefined();
      // Rules that clear fields find them by catalog name; rules that delete or keep rows do not need to.
      if (erasure.startsWith("CLEAR_")) for (const [field] of personalFields(type)) expect(columnOf(storage!.table, field), `${type}.${field}`).toBeDefined();
    }
  });

  it("erasure walks the catalog, then the stored records outside it, each deleted by name and with a storage", () => {
    expect(ERASED_TYPES).toEqual([...CATALOG_TYPES, ...RECORD_TYPES]);
    // Deliveries before their events: deleting an event would take its deliveries along uncounted.
    expect(RECORD_TYPES.slice(0, 2)).toEqual(["WebhookDelivery", "OutboxEvent"]);
    expect(RECORD_TYPES.slice(2)).toEqual(["DuplicateCandidate", "DuplicateDismissal"]);
    for (const type of RECORD_TYPES) {
      expect(CATALOG_TYPES as string[], type).not.toContain(type);
      expect(handlingOf(type), type).toMatchObject({ erasure: "DELETE_ROWS", storage: expect.anything() });
      expect(fieldsErased(type)).toEqual([]);
    }
    // The outbound-event log keeps the pending stop notices.
    for (const type of ["WebhookDelivery", "OutboxEvent"] as const) expect(handlingOf(type).spare, type).toBeDefined();
  });

  it("every field erasure clears can be cleared (null, its default, or a placeholder)", () => {
    for (const type of CATALOG_TYPES) {
      const storage = handlingOf(type).storage;
      if (storage && fieldsErased(type).length) expect(() => clearingPatch(storage.table, fieldsErased(type), ERASED_TEXT), type).not.toThrow();
    }
  });

  it("erasure clears the whole profile, identifying fields and free text, and keeps aggregates", () => {
    const erased = (type: CatalogType) => fieldsErased(type).sort();
    expect(erased("Customer")).toEqual(personalFields("Customer").map(([f]) => f).sort());
    expect(erased("Subscription")).toEqual(["msisdn"]);
    expect(erased("Interaction")).toEqual(["agent", "externalId", "outcome", "summary"]);
    expect(erased("Case")).toEqual(["resolution", "rootCause", "subject"]);
    expect(erased("DataSubjectRequest")).toEqual(["notes", "outcomeNotes"]);
    expect(handlingOf("CaseTransition").scrub).toBeDefined();
    expect(handlingOf("ConsentEvent").scrub).toBeDefined();
    expect(erased("Feedback")).toEqual(["answers", "comment"]);
    expect(handlingOf("Identifier").erasure).toBe("DELETE_ROWS");
    expect(handlingOf("ConsentEvent").erasure).toBe("KEEP_AS_PROOF");
  });
});
