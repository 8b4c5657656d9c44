import { problem } from "@tessera/schema/problems";
/**
 * The plan feed (`upsertPlans`, `tessera import plans`): the operator's tariff catalogue,
 * upserted by `code`. Plans hold no customer data: the audit's before/after is in clear.
 */
import type { InputValidator } from "../../lib/validation.js";
import type { FeedEntity, MergeRow } from "../feed/feed.run.js";
import { absentKeys, execRows, keyedUpsert, type KeyedUpsert, type MergeColumn } from "../feed/feed.sql.js";
import type { PlanFeedInput } from "./subscription.inputs.js";
import { serviceType } from "./subscription.table.js";

const COLUMNS: MergeColumn[] = [
  { key: "name", name: "name", sourceType: "text" },
  { key: "monthlyFee", name: "monthly_fee", sourceType: "numeric" },
  { key: "dataQuotaMb", name: "data_quota_mb", sourceType: "int", default: "0" },
  { key: "voiceQuotaMinutes", name: "voice_quota_minutes", sourceType: "int", default: "0" },
  { key: "services", name: "services", sourceType: "text[]", cast: "service_type[]" },
];

const UPSERT: KeyedUpsert = {
  table: "plans",
  key: "code",
  columns: COLUMNS,
  requiredOnInsert: ["name", "monthlyFee", "services"],
  missing: "REQUIRED_FOR_NEW_PLAN",
  customerId: null,
};

type Item = Omit<PlanFeedInput, "services"> & { services?: string[] };

export const planFeed: FeedEntity<PlanFeedInput, Item> = {
  name: "plans",
  arg: "plans",
  auditType: "Plan",
  auditFields: COLUMNS.map((c) => `Plan.${c.key}`),
  columns: [{ name: "code", type: "text" }, { name: "absent", type: "text[]" }, ...COLUMNS.map((c) => ({ name: c.name, type: c.sourceType }))],
  keyField: "code",
  repeats: "reject",
  externalIdOf: (input) => input.code ?? null,
  keyOf: (item) => item.code,
  prepare(v: InputValidator, input) {
    v.text("code", input.code, { required: true, max: 64 });
    v.text("name", input.name, { max: 200 });
    if (input.name != null && !input.name.trim()) v.fail("name", problem("EMPTY"));
    v.number("monthlyFee", input.monthlyFee, { max: 1_000_000 });
    v.number("dataQuotaMb", input.dataQuotaMb, { integer: true, max: 100_000_000 });
    v.number("voiceQuotaMinutes", input.voiceQuotaMinutes, { integer: true, max: 1_000_000 });
    v.oneOf("services", input.services, serviceType.enumValues);
    if (input.services && !input.services.length) v.fail("services", problem("NO_SERVICES"));
    const services = input.services ? [...new Set(input.services)] : undefined;
    return { item: { ...input, code: input.code?.trim() ?? "", name: input.name?.trim(), services } };
  },
  toRow: (item) => ({
    code: item.code,
    absent: absentKeys(COLUMNS, item),
    name: item.name ?? null,
    monthly_fee: item.monthlyFee ?? null,
    data_quota_mb: item.dataQuotaMb ?? null,
    voice_quota_minutes: item.voiceQuotaMinutes ?? null,
    services: item.services ?? null,
  }),
  merge: (tx, source) => execRows<MergeRow>(tx, keyedUpsert(UPSERT, source.relation)),
  // A plan is no customer's fact: the formulas read subscriptions, not the catalogue.
  refreshesInsight: false,
};
