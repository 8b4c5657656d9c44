/**
 * The fixed plan catalogue of the synthetic operator, priced like Chinese operators' public
 * tariffs (¥8 elder plans to ¥588 converged family bundles and enterprise packages).
 * Plans are identified by `code`: the seed upserts them, so re-seeding or seeding a database
 * whose catalogue was edited keeps one row per code.
 */
import { plans } from "../db/schema.js";

export type PlanCode =
  | "SILVER-8"
  | "BASIC-19"
  | "DATA-39"
  | "5G-88"
  | "5G-128"
  | "5G-199"
  | "FAMILY-299"
  | "FAMILY-588"
  | "FAMILY-ADDON-10"
  | "BROADBAND-100"
  | "ENTERPRISE-1280"
  | "IOT-10";

export type NewPlan = typeof plans.$inferInsert & { code: PlanCode };

const GB = 1024;

export const PLAN_CATALOGUE: readonly NewPlan[] = [
  { code: "SILVER-8", name: "Silver Care 8", monthlyFee: 8, dataQuotaMb: 1 * GB, voiceQuotaMinutes: 100, services: ["VOICE", "DATA"] },
  { code: "BASIC-19", name: "Essential 19", monthlyFee: 19, dataQuotaMb: 5 * GB, voiceQuotaMinutes: 100, services: ["VOICE", "DATA"] },
  { code: "DATA-39", name: "Data Lite 39", monthlyFee: 39, dataQuotaMb: 20 * GB, voiceQuotaMinutes: 200, services: ["VOICE", "DATA"] },
  { code: "5G-88", name: "5G Smart 88", monthlyFee: 88, dataQuotaMb: 40 * GB, voiceQuotaMinutes: 500, services: ["VOICE", "DATA", "VALUE_ADDED"] },
  { code: "5G-128", name: "5G Plus 128", monthlyFee: 128, dataQuotaMb: 60 * GB, voiceQuotaMinutes: 800, services: ["VOICE", "DATA", "VALUE_ADDED"] },
  { code: "5G-199", name: "5G Premium 199", monthlyFee: 199, dataQuotaMb: 100 * GB, voiceQuotaMinutes: 1500, services: ["VOICE", "DATA", "VALUE_ADDED"] },
  { code: "FAMILY-299", name: "Family Fusion 299", monthlyFee: 299, dataQuotaMb: 150 * GB, voiceQuotaMinutes: 2000, services: ["VOICE", "DATA", "BROADBAND", "TV"] },
  { code: "FAMILY-588", name: "Family Gigabit 588", monthlyFee: 588, dataQuotaMb: 300 * GB, voiceQuotaMinutes: 3000, services: ["VOICE", "DATA", "BROADBAND", "TV", "VALUE_ADDED"] },
  { code: "FAMILY-ADDON-10", name: "Family Add-on Line 10", monthlyFee: 10, dataQuotaMb: 0, voiceQuotaMinutes: 0, services: ["VOICE", "DATA"] },
  { code: "BROADBAND-100", name: "Home Broadband 1000M", monthlyFee: 100, dataQuotaMb: 0, voiceQuotaMinutes: 0, services: ["BROADBAND"] },
  { code: "ENTERPRISE-1280", name: "Enterprise Connect 1280", monthlyFee: 1280, dataQuotaMb: 500 * GB, voiceQuotaMinutes: 10000, services: ["VOICE", "DATA", "BROADBAND", "VALUE_ADDED"] },
  { code: "IOT-10", name: "IoT Connect 10", monthlyFee: 10, dataQuotaMb: 100, voiceQuotaMinutes: 0, services: ["IOT"] },
];

export const PLAN_BY_CODE: ReadonlyMap<PlanCode, NewPlan> = new Map(PLAN_CATALOGUE.map((p) => [p.code, p]));
