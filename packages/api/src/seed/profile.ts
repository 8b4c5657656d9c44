/**
 * Who a synthetic customer is: kind, value tier, life story (scenario), demographics and the
 * `customers` row. The latent traits drawn here (tier, scenario, sentiment, channel habits)
 * steer every other generator, so usage, complaints, consents and feedback tell one
 * consistent story per customer instead of being independent noise.
 */
import type { CustomerInsert } from "./rows.js";
import { CITIES, COMPOUND_PREFIXES, COMPOUNDS, STREETS, TOWERS, type City, type District } from "./geography.js";
import { accountManager, chineseName, companyName, englishName, governmentName, type PersonName } from "./names.js";
import { msisdn, nationalId, personalEmail, mailNumber, MAX_LINES_PER_CUSTOMER } from "./numbers.js";
import { Random, WeightedTable } from "./random.js";
import { DAY_MS, HOUR_MS, isoDate, monthsBetween } from "./time.js";

export type Kind = "INDIVIDUAL" | "FAMILY" | "ENTERPRISE" | "GOVERNMENT";
export type Tier = "HIGH" | "MEDIUM" | "LOW";
/**
 * The customer's trajectory over the usage history. Churned customers (passive: stopped
 * paying and using; ported out: left for a competitor) end with zero-bill months, which is
 * what makes them low value by ARPU.
 */
export type Scenario = "STABLE" | "GROWING" | "DECLINING" | "ARREARS" | "PASSIVE_CHURN" | "PORTED_OUT" | "PROSPECT";

/** Value-tier thresholds on ARPU (¥/month): high ≥ 500 (DOMAIN.md), medium ≥ 100. */
export const TIER_THRESHOLDS = { high: 500, medium: 100 } as const;

export function tierOf(arpu: number): Tier {
  if (arpu >= TIER_THRESHOLDS.high) return "HIGH";
  if (arpu >= TIER_THRESHOLDS.medium) return "MEDIUM";
  return "LOW";
}

export interface Profile {
  index: number;
  id: string;
  kind: Kind;
  tier: Tier;
  scenario: Scenario;
  createdAtMs: number;
  /** Age in years at the reference date; null for organisations. */
  age: number | null;
  elderly: boolean;
  /** English-speaking (expatriate or foreign-invested company): English texts, cross-border consent asked. */
  international: boolean;
  /** 0 = hall and hotline only, 1 = app and WeChat only. */
  digital: number;
  /** 0 = very unhappy, 1 = delighted; drives complaints and survey scores. */
  sentiment: number;
  city: City;
  district: District;
  /** Mobile lines the customer holds (line indexes feed `msisdn`). */
  mobileLines: number;
  hasApp: boolean;
  hasWechat: boolean;
  /** Mean monthly bill of the last three months, before noise: what the tier is measured on. */
  arpuTarget: number;
  customer: CustomerInsert;
}

const KINDS = new WeightedTable<Kind>([
  ["INDIVIDUAL", 78],
  ["FAMILY", 15],
  ["ENTERPRISE", 5],
  ["GOVERNMENT", 2],
]);

// Tier given kind, chosen so the overall mix is ~15 % high, ~30 % medium, ~55 % low:
// key accounts are mostly high value, families skew medium, individuals skew low.
const TIER_BY_KIND: Record<Kind, WeightedTable<Tier>> = {
  INDIVIDUAL: new WeightedTable<Tier>([["HIGH", 6.3], ["MEDIUM", 27.05], ["LOW", 66.65]]),
  FAMILY: new WeightedTable<Tier>([["HIGH", 30], ["MEDIUM", 50], ["LOW", 20]]),
  ENTERPRISE: new WeightedTable<Tier>([["HIGH", 80], ["MEDIUM", 20]]),
  GOVERNMENT: new WeightedTable<Tier>([["HIGH", 80], ["MEDIUM", 20]]),
};

const SCENARIO_BY_TIER: Record<Tier, WeightedTable<Scenario>> = {
  LOW: new WeightedTable<Scenario>([["STABLE", 50], ["GROWING", 8], ["DECLINING", 16], ["ARREARS", 7], ["PASSIVE_CHURN", 9], ["PORTED_OUT", 5], ["PROSPECT", 3]]),
  MEDIUM: new WeightedTable<Scenario>([["STABLE", 60], ["GROWING", 15], ["DECLINING", 17], ["ARREARS", 8]]),
  HIGH: new WeightedTable<Scenario>([["STABLE", 65], ["GROWING", 15], ["DECLINING", 15], ["ARREARS", 5]]),
};

const CITY_TABLE = new WeightedTable(CITIES.map((c) => [c, c.weight] as const));

// Age bands of adult subscribers (real-name registration requires 16+; account holders skew older).
const AGE_BANDS = new WeightedTable<readonly [number, number]>([
  [[18, 24], 12], [[25, 34], 22], [[35, 44], 20], [[45, 54], 18], [[55, 64], 14], [[65, 74], 9], [[75, 90], 5],
]);

// Tenure in months: a few new customers, most have been with the operator for years
// (average customer lifetime is 5–7 years, DOMAIN.md).
const TENURE_MONTHS = new WeightedTable<readonly [number, number]>([
  [[2, 3], 6], [[3, 12], 18], [[12, 36], 30], [[36, 144], 46],
]);

const OCCUPATIONS_WORKING = [
  "Teacher", "Software engineer", "Sales representative", "Accountant", "Nurse", "Doctor", "Civil servant",
  "Factory worker", "Delivery rider", "Driver", "Self-employed", "Restaurant owner", "Construction worker",
  "Designer", "Farmer", "Police officer", "Shop assistant", "Lawyer", "Researcher", "Logistics coordinator",
];

function occupationFor(random: Random, age: number): string | null {
  if (random.chance(0.06)) return null; // not disclosed
  if (age < 23 && random.chance(0.7)) return "Student";
  if (age >= 62 && random.chance(0.85)) return "Retired";
  return random.pick(OCCUPATIONS_WORKING);
}

/** Draws a customer's traits and `customers` row. `random` is the customer's profile stream. */
export function generateProfile(random: Random, index: number, seedHash: number, nowMs: number): Profile {
  const id = random.uuid(); // must stay the stream's first draw: see customerIdAt
  const kind = KINDS.pick(random);
  const tier = TIER_BY_KIND[kind].pick(random);
  let scenario = SCENARIO_BY_TIER[tier].pick(random);
  if (scenario === "PROSPECT" && kind !== "INDIVIDUAL") scenario = "STABLE";

  const city = CITY_TABLE.pick(random);
  const district = random.pick(city.districts);
  const organisation = kind === "ENTERPRISE" || kind === "GOVERNMENT";

  // Registration date; prospects are recent leads.
  let createdAtMs: number;
  if (scenario === "PROSPECT") {
    createdAtMs = nowMs - random.int(1, 180) * DAY_MS;
  } else {
    const [lo, hi] = TENURE_MONTHS.pick(random);
    createdAtMs = nowMs - Math.floor(random.real(lo, hi) * 30.44 * DAY_MS);
    // At least three calendar months of usage (the current one and the two before).
    while (monthsBetween(createdAtMs, nowMs) < 2) createdAtMs -= 10 * DAY_MS;
  }
  // Registered during opening hours: 08:00–21:00 Beijing time is 00:00–13:00 UTC.
  createdAtMs = createdAtMs - (createdAtMs % DAY_MS) + random.int(0, 13 * 60) * 60_000;

  const gender = random.chance(0.5) ? "MALE" : "FEMALE";
  let name: PersonName | null = null;
  let displayName: string;
  let email: string | null = null;
  let international = false;
  let age: number | null = null;
  let securityLevel = 1;

  if (kind === "ENTERPRISE") {
    const company = companyName(random, city.hanzi, city.name);
    displayName = company.name;
    international = company.international;
    email = `service${mailNumber(seedHash, index)}@${company.slug}.com.cn`;
    securityLevel = random.chance(0.3) ? 3 : 2;
  } else if (kind === "GOVERNMENT") {
    const agency = governmentName(random, city.hanzi || city.regionHanzi, district.hanzi);
    displayName = agency.name;
    email = `office${mailNumber(seedHash, index)}@${city.name.toLowerCase().replace(/[^a-z]/g, "")}.gov.cn`;
    securityLevel = agency.securityLevel;
  } else {
    international = kind === "INDIVIDUAL" && random.chance(0.03);
    name = international ? englishName(random, gender) : chineseName(random, gender);
    displayName = name.display;
    const [lo, hi] = AGE_BANDS.pick(random);
    age = random.int(lo, hi);
    if (random.chance(age >= 65 ? 0.35 : 0.82)) email = personalEmail(random, seedHash, index, name.family, name.given);
    if (tier === "HIGH") securityLevel = 2;
  }

  const elderly = age !== null && age >= 65;
  const specialCare: ("ELDERLY" | "DISABLED" | "LIVES_ALONE")[] = [];
  if (age !== null) {
    if (elderly && random.chance(age >= 70 ? 0.85 : 0.4)) specialCare.push("ELDERLY");
    if (random.chance(0.015)) specialCare.push("DISABLED");
    if (random.chance(elderly ? 0.3 : 0.03)) specialCare.push("LIVES_ALONE");
  }

  // Birth date consistent with the age at the reference date.
  let birthDate: string | null = null;
  let nationalIdValue: string | null = null;
  if (age !== null) {
    const birthMs = nowMs - age * 365.25 * DAY_MS - random.int(1, 364) * DAY_MS;
    birthDate = isoDate(birthMs);
    if (!international) {
      // A third of customers were registered elsewhere (internal migrants keep their id).
      const idDistrict = random.chance(0.3) ? random.pick(CITY_TABLE.pick(random).districts) : district;
      nationalIdValue = nationalId(random, idDistrict.code, birthDate, gender);
    }
  }

  const mobileLines = linesFor(random, kind, tier, scenario);
  const digital = organisation
    ? random.real(0.3, 0.7)
    : Math.min(1, Math.max(0, random.normal(age === null ? 0.5 : 1.15 - age / 60, 0.15)));
  const hasApp = scenario !== "PROSPECT" && random.chance(organisation ? 0.4 : digital * 0.9);
  const hasWechat = random.chance(organisation ? 0.5 : 0.2 + digital * 0.6);

  let sentiment = random.normal(0.64, 0.18);
  if (scenario === "DECLINING" || scenario === "PORTED_OUT") sentiment -= 0.2;
  if (scenario === "ARREARS" || scenario === "PASSIVE_CHURN") sentiment -= 0.1;
  if (tier === "HIGH") sentiment += 0.05;
  sentiment = Math.min(1, Math.max(0, sentiment));

  const status =
    scenario === "PROSPECT"
      ? "PROSPECT"
      : scenario === "PORTED_OUT"
        ? "CLOSED"
        : scenario === "PASSIVE_CHURN"
          ? random.chance(0.4) ? "CLOSED" : "SUSPENDED"
          : "ACTIVE"; // ARREARS customers are suspended by the usage generator when two bills go unpaid

  const updatedAtMs = Math.min(nowMs - HOUR_MS, createdAtMs + Math.floor(random.float() * (nowMs - createdAtMs)));

  const customer: CustomerInsert = {
    id,
    version: 1,
    kind,
    status,
    name: displayName,
    phone: msisdn(seedHash, index * MAX_LINES_PER_CUSTOMER),
    email,
    nationalId: nationalIdValue,
    birthDate,
    gender: organisation ? null : random.chance(0.02) ? "UNDISCLOSED" : gender,
    address: address(random, city, district, organisation),
    city: city.name,
    region: city.region,
    occupation: age === null ? null : occupationFor(random, age),
    language: international ? "en-US" : "zh-CN",
    specialCare,
    securityLevel,
    accountManager: organisation || (tier === "HIGH" && random.chance(0.6)) ? accountManager(random) : null,
    processingRestricted: random.chance(0.002),
    erasedAt: null,
    createdAt: new Date(createdAtMs),
    updatedAt: new Date(Math.max(createdAtMs, updatedAtMs)),
  };

  return {
    index,
    id,
    kind,
    tier,
    scenario,
    createdAtMs,
    age,
    elderly,
    international,
    digital,
    sentiment,
    city,
    district,
    mobileLines,
    hasApp,
    hasWechat,
    arpuTarget: arpuFor(random, tier, organisation),
    customer,
  };
}

function linesFor(random: Random, kind: Kind, tier: Tier, scenario: Scenario): number {
  if (scenario === "PROSPECT") return 0;
  if (kind === "FAMILY") return random.int(2, 4);
  if (kind === "ENTERPRISE" || kind === "GOVERNMENT") return Math.min(MAX_LINES_PER_CUSTOMER - 4, random.int(2, tier === "HIGH" ? 10 : 4));
  return random.chance(0.12) ? 2 : 1;
}

/** The bill level the last three months are scaled to: strictly inside the tier's band. */
function arpuFor(random: Random, tier: Tier, organisation: boolean): number {
  const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
  switch (tier) {
    case "HIGH":
      return organisation ? clamp(random.logNormal(2400, 0.7), 520, 60_000) : clamp(random.logNormal(640, 0.3), 510, 3000);
    case "MEDIUM":
      return clamp(random.logNormal(175, 0.4), 102, 490);
    default:
      return clamp(random.logNormal(45, 0.45), 8, 97);
  }
}

function address(random: Random, city: City, district: District, organisation: boolean): string {
  const prefix = `${city.regionHanzi}${city.hanzi}${district.hanzi}${random.pick(STREETS)}${random.int(1, 399)}号`;
  if (organisation) return `${prefix}${random.pick(TOWERS)}${random.int(2, 38)}层`;
  const compound = `${random.pick(COMPOUND_PREFIXES)}${random.pick(COMPOUNDS)}`;
  return `${prefix}${compound}${random.int(1, 30)}栋${random.int(1, 6)}单元${random.int(1, 33)}${String(random.int(1, 8)).padStart(2, "0")}室`;
}
