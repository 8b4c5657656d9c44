import { describe, expect, it } from "vitest";
import { customers } from "../db/schema.js";
import { copyTable, encodeRow, escapeText, timestampText } from "./copy-format.js";

describe("COPY text format", () => {
  it("formats timestamps as the same instant toISOString gives, down to the millisecond", () => {
    for (const iso of ["2025-06-15T00:00:00.000Z", "1999-12-31T23:59:59.999Z", "2024-02-29T08:05:03.070Z", "1969-07-20T20:17:40.004Z"]) {
      const text = timestampText(Date.parse(iso));
      expect(new Date(text.replace(" ", "T").replace("+00", "Z")).toISOString()).toBe(iso);
    }
  });

  it("escapes backslashes, tabs and line breaks and nothing else", () => {
    expect(escapeText("王芳 ¥19.00 \"ok\"")).toBe("王芳 ¥19.00 \"ok\"");
    expect(escapeText("a\\b\tc\nd\re")).toBe("a\\\\b\\tc\\nd\\re");
  });

  it("lays out a row in the table's column order, with \\N for null and array and JSON literals", () => {
    const row = { id: "00000000-0000-4000-8000-000000000001", kind: "INDIVIDUAL", name: "Li\tNa", email: null, specialCare: ["ELDERLY", "LIVES_ALONE"], processingRestricted: false, createdAt: new Date("2025-01-02T03:04:05.006Z") };
    const layout = copyTable(customers, row);
    expect(layout.statement).toBe('copy "customers" ("id", "kind", "name", "email", "special_care", "processing_restricted", "created_at")');
    expect(encodeRow(layout.columns, row)).toBe(
      "00000000-0000-4000-8000-000000000001\tINDIVIDUAL\tLi\\tNa\t\\N\t{ELDERLY,LIVES_ALONE}\tf\t2025-01-02 03:04:05.006+00\n",
    );
  });
});
