import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { privacyDocsPath, renderPrivacyDocs } from "./privacy-docs.js";

describe("privacy docs", () => {
  it("the committed docs/privacy.md has the tables the catalog and the permission table generate", () => {
    const committed = readFileSync(privacyDocsPath(), "utf8");
    // On failure run `pnpm tessera docs` and commit docs/privacy.md.
    expect(committed).toBe(renderPrivacyDocs(committed));
  });

  it("the generated tables show the rules the API enforces", () => {
    const docs = renderPrivacyDocs();
    expect(docs).toContain("| **AGENT** | full | masked | full |");
    expect(docs).toContain("| `PHONE` | `+8613812345678` | `138****5678` |");
    expect(docs).toContain("| `nationalId` | `SENSITIVE` | `NATIONAL_ID` | `SERVICE`, `SENSITIVE_PROCESSING` |");
    expect(docs).toContain("| `auditEvents` | AUDITOR, ADMIN | — | — |");
  });

  it("refuses a page that lost one of its generated regions", () => {
    const committed = readFileSync(privacyDocsPath(), "utf8");
    const withoutCatalog = committed.replace(/<!-- BEGIN GENERATED catalog[\s\S]*<!-- END GENERATED catalog -->/, "");
    expect(() => renderPrivacyDocs(withoutCatalog)).toThrow(/missing \(catalog\)/);
  });
});
