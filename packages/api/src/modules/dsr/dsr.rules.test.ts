import { describe, expect, it } from "vitest";
import { monthsBefore } from "../retention/retention.rules.js";
import { billingHold, dueDate } from "./dsr.rules.js";

describe("due dates", () => {
  it("GDPR gives 30 calendar days to the minute", () => {
    expect(dueDate("GDPR", new Date("2026-03-06T10:00:00Z")).toISOString()).toBe("2026-04-05T10:00:00.000Z");
    expect(dueDate("GDPR", new Date("2026-12-15T23:59:00Z")).toISOString()).toBe("2027-01-14T23:59:00.000Z");
  });

  it("PIPL gives 15 working days, skipping weekends (received on a Friday)", () => {
    // Fri 6 Mar 2026, 10:00 in Beijing. Working days: 9–13, 16–20, 23–27 March → Fri 27 March.
    expect(dueDate("PIPL", new Date("2026-03-06T10:00:00+08:00")).toISOString()).toBe(new Date("2026-03-27T10:00:00+08:00").toISOString());
  });

  it("PIPL counts from the next working day when a request arrives at the weekend", () => {
    // Sat 7 Mar 2026, 23:30 in Beijing: Sunday is skipped, Mon 9 is day 1, Fri 27 is day 15.
    expect(dueDate("PIPL", new Date("2026-03-07T23:30:00+08:00")).toISOString()).toBe(new Date("2026-03-27T23:30:00+08:00").toISOString());
  });

  it("PIPL weekdays are those of the Beijing calendar, not UTC", () => {
    // Mon 9 Mar 2026, 01:00 in Beijing is still Sunday in UTC. Day 1 is Tue 10; 10–13 (4), 16–20 (9), 23–27 (14), Mon 30 (15).
    expect(dueDate("PIPL", new Date("2026-03-08T17:00:00Z")).toISOString()).toBe(new Date("2026-03-30T01:00:00+08:00").toISOString());
  });
});

describe("legal hold of billing months", () => {
  const now = new Date("2026-11-22T12:00:00Z");

  it("keeps a paid month for the dispute window after the month ends", () => {
    expect(billingHold({ month: "2026-06-01", paid: true, arrears: 0 }, now)).toEqual({ reason: "BILLING_DISPUTE_WINDOW", until: new Date("2027-01-01T00:00:00Z") });
    expect(billingHold({ month: "2026-04-01", paid: true, arrears: 0 }, now)).toBeNull();
  });

  it("keeps an unpaid month for the three-year limitation period, then releases it", () => {
    expect(billingHold({ month: "2025-01-01", paid: false, arrears: 50 }, now)).toEqual({ reason: "UNPAID_BILL", until: new Date("2028-02-01T00:00:00Z") });
    expect(billingHold({ month: "2024-03-01", paid: true, arrears: 12.5 }, now)?.reason).toBe("UNPAID_BILL");
    expect(billingHold({ month: "2022-01-01", paid: false, arrears: 50 }, now)).toBeNull();
  });
});

describe("retention periods", () => {
  it("subtract calendar months, clamping to the end of shorter months", () => {
    expect(monthsBefore(new Date("2026-03-31T08:00:00Z"), 1).toISOString()).toBe("2026-02-28T08:00:00.000Z");
    expect(monthsBefore(new Date("2026-11-22T00:00:00Z"), 36).toISOString()).toBe("2023-11-22T00:00:00.000Z");
    expect(monthsBefore(new Date("2028-03-31T00:00:00Z"), 13).toISOString()).toBe("2027-02-28T00:00:00.000Z");
  });
});
