import { problem } from "@tessera/schema/problems";
/**
 * The subscription feed (`upsertSubscriptions`, `tessera import subscriptions`): a customer's
 * lines and contracts from billing, upserted by `externalId`. The plan is named by its code
 * (upsertPlans' key); the customer reference resolves at the subscription's start.
 */
import { sql } from "drizzle-orm";
import type { InputValidator } from "../../lib/validation.js";
import { checkCustomerRef } from "../feed/feed.customer-ref.js";
import type { FeedEntity, MergeRow } from "../feed/feed.run.js";
import { absentKeys, execRows, keyedUpsert, type KeyedUpsert, type MergeColumn } from "../feed/feed.sql.js";
import type { SubscriptionFeedInput } from "./subscription.inputs.js";
import { subscriptionStatus } from "./subscription.table.js";

const COLUMNS: MergeColumn[] = [
  { key: "customerId", name: "customer_id", sourceType: "uuid" },
  { key: "plan", name: "plan_id", sourceType: "uuid" },
  { key: "msisdn", name: "msisdn", sourceType: "text" },
  { key: "startedOn", name: "started_on", sourceType: "date" },
  { key: "contractEnd", name: "contract_end", sourceType: "date" },
  { key: "status", name: "status", sourceType: "text", cast: "subscription_status", default: "'ACTIVE'::subscription_status" },
];

const UPSERT: KeyedUpsert = {
  table: "subscriptions",
  key: "external_id",
  columns: COLUMNS,
  requiredOnInsert: ["customerId", "plan", "startedOn"],
  missing: "REQUIRED_FOR_NEW_SUBSCRIPTION",
  fieldOf: { plan: "planCode" },
  customerId: "customer_id",
  // The plan arrives as its code; the merge reads its id (unknown codes were rejected by `check`).
  source: (relation) => sql`select x.*, p.id as plan_id from ${relation} left join plans p on p.code = x.plan_code`,
};

interface Item {
  externalId: string;
  planCode?: string;
  msisdn?: string | null;
  startedOn?: string;
  contractEnd?: string | null;
  status?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
function isoDate(v: InputValidator, field: string, value: string | null | undefined) {
  if (value == null) return;
  if (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value)
    v.fail(field, problem("NOT_A_DAY", { value }));
}

export const subscriptionFeed: FeedEntity<SubscriptionFeedInput, Item> = {
  name: "subscriptions",
  arg: "subscriptions",
  auditType: "Subscription",
  auditFields: ["Subscription.plan", "Subscription.msisdn", "Subscription.startedOn", "Subscription.contractEnd", "Subscription.status"],
  columns: [
    { name: "external_id", type: "text" },
    { name: "absent", type: "text[]" },
    { name: "plan_code", type: "text" },
    ...COLUMNS.filter((c) => c.key !== "plan").map((c) => ({ name: c.name, type: c.sourceType })),
  ],
  keyField: "externalId",
  repeats: "reject",
  externalIdOf: (input) => input.externalId ?? null,
  keyOf: (item) => item.externalId,
  prepare(v: InputValidator, input) {
    v.text("externalId", input.externalId, { required: true, max: 200 });
    v.text("planCode", input.planCode, { max: 64 });
    const msisdn = v.msisdn("msisdn", input.msisdn);
    isoDate(v, "startedOn", input.startedOn);
    isoDate(v, "contractEnd", input.contractEnd);
    if (input.startedOn && new Date(`${input.startedOn}T00:00:00Z`).getTime() > Date.now()) v.fail("startedOn", problem("IN_FUTURE"));
    if (input.startedOn && input.contractEnd && input.contractEnd < input.startedOn) v.fail("contractEnd", problem("BEFORE", { date: "startedOn" }));
    v.oneOf("status", input.status, subscriptionStatus.enumValues);
    const at = input.startedOn && DATE.test(input.startedOn) ? new Date(Math.min(Date.parse(`${input.startedOn}T00:00:00Z`), Date.now())) : new Date();
    const ref = checkCustomerRef(v, "customer", input.customer, Number.isNaN(at.getTime()) ? new Date() : at);
    return { item: { externalId: input.externalId?.trim() ?? "", planCode: input.planCode?.trim(), msisdn, startedOn: input.startedOn, contractEnd: input.contractEnd, status: input.status }, ref };
  },
  toRow: (item, customerId) => ({
    external_id: item.externalId,
    // `plan` is absent when no code is given (the stored plan is kept).
    absent: absentKeys(COLUMNS, { ...item, customerId, plan: item.planCode }),
    plan_code: item.planCode ?? null,
    customer_id: customerId,
    msisdn: item.msisdn ?? null,
    started_on: item.startedOn ?? null,
    contract_end: item.contractEnd ?? null,
    status: item.status ?? null,
  }),
  // A plan code must name a plan of the catalogue.
  async check(tx, items) {
    const codes = [...new Set(items.flatMap((p) => (p.item.planCode ? [p.item.planCode] : [])))];
    const known = new Set(
      codes.length
        ? (await execRows<{ code: string }>(tx, sql`select code from plans where code in (select jsonb_array_elements_text(${JSON.stringify(codes)}::jsonb))`)).map((r) => r.code)
        : [],
    );
    return items.map((p) => (p.item.planCode && !known.has(p.item.planCode) ? { field: `subscriptions[${p.index}].planCode`, ...problem("UNKNOWN_PLAN", { code: p.item.planCode }) } : undefined));
  },
  merge: (tx, source) => execRows<MergeRow>(tx, keyedUpsert(UPSERT, source.relation)),
  // Tenure (customerSince) and CONTRACT_ENDING read subscriptions.
  refreshesInsight: true,
};
