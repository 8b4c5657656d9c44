/**
 * A segment's definition: a filter tree (and / or / not over conditions `field op value`) on
 * whitelisted profile and insight fields, validated into a normal form and compiled to one SQL
 * condition over `customers` left-joined to `customer_insight`. Fields map to columns through
 * SEGMENT_FIELDS only; values always travel as bound parameters.
 */
import type { CatalogType } from "@tessera/schema/catalog";
import { problem } from "@tessera/schema/problems";
import { sql, type SQL } from "drizzle-orm";
import { AppError, BadInputError, ErrorCode, type FieldProblem } from "../../graphql/errors.js";
import type { Policy } from "../../privacy/policy.js";
import { declareArgumentReads, mayRead, type FieldRef } from "../../privacy/scope.js";
import { customerKind, customers, customerStatus, gender, specialCareFlag } from "../customer/customer.table.js";
import { householdRole } from "../household/household.table.js";
import { churnLevel, customerInsight, lifecycleStage, valueTier } from "../insight/insight.table.js";

export const SEGMENT_OPERATORS = ["EQ", "NE", "GT", "GTE", "LT", "LTE", "IN", "BETWEEN"] as const;
export type SegmentOperator = (typeof SEGMENT_OPERATORS)[number];

type Scalar = string | number;
export type SegmentValue = Scalar | Scalar[];

export type SegmentNode =
  | { and: SegmentNode[] }
  | { or: SegmentNode[] }
  | { not: SegmentNode }
  | { field: SegmentField; op: SegmentOperator; value: SegmentValue };

/** The loose shape clients send (the GraphQL input): exactly one of the four forms per node. */
export interface SegmentNodeInput {
  and?: SegmentNodeInput[] | null;
  or?: SegmentNodeInput[] | null;
  not?: SegmentNodeInput | null;
  field?: string | null;
  op?: string | null;
  value?: unknown;
}

type ValueKind = "enum" | "text" | "number" | "date" | "flags";

/**
 * The caller's customer scope over another customer row (its alias): fields that look at other
 * customers (the household's members) count only those the caller may see, so a segment cannot
 * reveal a member the caller's scope hides (privacy/scope.ts customerCondition).
 */
export type CustomerScope = (customer: SQL) => SQL | undefined;

interface FieldSpec {
  kind: ValueKind;
  /** The value per customer, over `customers` left-joined to `customer_insight`; a function when it reads other customers. */
  column: SQL | ((scope: CustomerScope) => SQL);
  /** Catalog fields the principal must read in full to filter on this one. */
  reads: [CatalogType, string][];
  /** Enum values, and the Postgres enum type parameters are cast to. */
  enum?: { values: readonly string[]; type: string };
  description: string;
}

const pgEnumOf = (e: { enumName: string; enumValues: readonly string[] }) => ({ values: e.enumValues, type: e.enumName });
const ci = customerInsight;

/**
 * An aggregate over the current members of the customer's household that the caller may see
 * (`o` their membership, `oc` their customer, `oci` their insight): the same members
 * Customer.household lists and values (household.service.ts). Null outside a household.
 */
const householdAggregate = (aggregate: SQL) => (scope: CustomerScope) =>
  sql`(select ${aggregate} from household_members hm
    join household_members o on o.household_id = hm.household_id and o.left_on is null
    join customers oc on oc.id = o.customer_id and oc.merged_into is null
    left join customer_insight oci on oci.customer_id = o.customer_id
    where hm.customer_id = ${customers.id} and hm.left_on is null${((c) => (c ? sql` and ${c}` : sql``))(scope(sql`oc`))})`;

export const SEGMENT_FIELDS = {
  KIND: { kind: "enum", column: sql`${customers.kind}`, reads: [["Customer", "kind"]], enum: pgEnumOf(customerKind), description: "Customer kind." },
  STATUS: { kind: "enum", column: sql`${customers.status}`, reads: [["Customer", "status"]], enum: pgEnumOf(customerStatus), description: "Customer status." },
  REGION: { kind: "text", column: sql`${customers.region}`, reads: [["Customer", "region"]], description: "Province or region." },
  CITY: { kind: "text", column: sql`${customers.city}`, reads: [["Customer", "city"]], description: "City." },
  GENDER: { kind: "enum", column: sql`${customers.gender}`, reads: [["Customer", "gender"]], enum: pgEnumOf(gender), description: "Gender." },
  BIRTH_DATE: { kind: "date", column: sql`${customers.birthDate}`, reads: [["Customer", "birthDate"]], description: "Date of birth (YYYY-MM-DD)." },
  AGE: {
    kind: "number",
    column: sql`extract(year from age(current_date, ${customers.birthDate}))`,
    reads: [["Customer", "birthDate"]],
    description: "Age in whole years today.",
  },
  LANGUAGE: { kind: "text", column: sql`${customers.language}`, reads: [["Customer", "language"]], description: "Preferred language (BCP 47)." },
  SPECIAL_CARE: {
    kind: "flags",
    column: sql`${customers.specialCare}`,
    reads: [["Customer", "specialCare"]],
    enum: pgEnumOf(specialCareFlag),
    description: "Special-care flags: EQ has the flag, NE has not, IN has any of them.",
  },
  VALUE_TIER: { kind: "enum", column: sql`${ci.valueTier}`, reads: [["Insight", "valueTier"]], enum: pgEnumOf(valueTier), description: "Value tier." },
  LIFECYCLE_STAGE: {
    kind: "enum",
    column: sql`${ci.lifecycleStage}`,
    reads: [["Insight", "lifecycleStage"]],
    enum: pgEnumOf(lifecycleStage),
    description: "Lifecycle stage.",
  },
  CHURN_LEVEL: {
    kind: "enum",
    column: sql`${ci.churnLevel}`,
    reads: [["Insight", "churnRisk"]],
    enum: pgEnumOf(churnLevel),
    description: "Churn risk level.",
  },
  CHURN_SCORE: { kind: "number", column: sql`${ci.churnScore}`, reads: [["Insight", "churnRisk"]], description: "Churn risk score 0–100." },
  ARPU: { kind: "number", column: sql`${ci.arpu}`, reads: [["Insight", "arpu"]], description: "ARPU, ¥/month." },
  CLV: { kind: "number", column: sql`${ci.clv}`, reads: [["Insight", "clv"]], description: "Customer lifetime value, ¥." },
  HOUSEHOLD_ROLE: {
    kind: "enum",
    column: sql`(select hm.role from household_members hm where hm.customer_id = ${customers.id} and hm.left_on is null)`,
    reads: [["HouseholdMember", "role"]],
    enum: pgEnumOf(householdRole),
    description: "The customer's relation in their household (EQ HEAD: is the household head); null outside a household.",
  },
  HOUSEHOLD_SIZE: {
    kind: "number",
    column: householdAggregate(sql`nullif(count(*), 0)`),
    reads: [["Household", "memberCount"]],
    description: "Current members of the customer's household that you may see (Household.memberCount); null outside a household.",
  },
  HOUSEHOLD_CLV: {
    kind: "number",
    column: householdAggregate(sql`sum(oci.clv)`),
    reads: [["Household", "value"]],
    description: "Household CLV, ¥: Σ of the visible members' CLV (Household.value.clv); null outside a household or when no member has one.",
  },
  TENURE_MONTHS: { kind: "number", column: sql`${ci.tenureMonths}`, reads: [["Insight", "tenureMonths"]], description: "Tenure in months." },
} as const satisfies Record<string, FieldSpec>;

export type SegmentField = keyof typeof SEGMENT_FIELDS;
export const SEGMENT_FIELD_NAMES = Object.keys(SEGMENT_FIELDS) as SegmentField[];

/** What `createSegment`'s definition reads: each condition's field (checked by assertMayFilter). */
export const SEGMENT_DEFINITION_READS = declareArgumentReads("createSegment", {
  name: [],
  "definition.op": [],
  "definition.value": [],
  ...Object.fromEntries(SEGMENT_FIELD_NAMES.map((f) => [`definition.field:${f}`, segmentFieldReads(f)])),
});

const OPERATORS_BY_KIND: Record<ValueKind, readonly SegmentOperator[]> = {
  enum: ["EQ", "NE", "IN"],
  text: ["EQ", "NE", "IN"],
  flags: ["EQ", "NE", "IN"],
  number: SEGMENT_OPERATORS,
  date: SEGMENT_OPERATORS,
};

export const LIMITS = { depth: 8, nodes: 100, listValues: 500, textLength: 200 } as const;

/**
 * Validates a tree as sent and answers its normal form; every problem is reported at once, by
 * path (`definition.and[1].value`), as BAD_USER_INPUT.
 */
export function normaliseDefinition(input: SegmentNodeInput | null | undefined, path = "definition"): SegmentNode {
  const problems: FieldProblem[] = [];
  let nodes = 0;
  const walk = (node: SegmentNodeInput | null | undefined, at: string, depth: number): SegmentNode | undefined => {
    if (!node || typeof node !== "object") return void problems.push({ field: at, ...problem("REQUIRED") });
    if (++nodes > LIMITS.nodes) return void (nodes === LIMITS.nodes + 1 && problems.push({ field: path, ...problem("SEGMENT_TOO_MANY_NODES", { max: LIMITS.nodes }) }));
    if (depth > LIMITS.depth) return void problems.push({ field: at, ...problem("SEGMENT_TOO_DEEP", { max: LIMITS.depth }) });
    const forms = (["and", "or", "not", "field"] as const).filter((k) => node[k] != null);
    if (forms.length !== 1) return void problems.push({ field: at, ...problem("SEGMENT_ONE_FORM") });
    const form = forms[0]!;
    if (form === "and" || form === "or") {
      const children = node[form]!;
      if (!children.length) return void problems.push({ field: `${at}.${form}`, ...problem("EMPTY") });
      const walked = children.map((child, i) => walk(child, `${at}.${form}[${i}]`, depth + 1));
      return walked.every(Boolean) ? ({ [form]: walked as SegmentNode[] } as SegmentNode) : undefined;
    }
    if (form === "not") {
      const child = walk(node.not, `${at}.not`, depth + 1);
      return child && { not: child };
    }
    return condition(node, at);
  };
  const condition = (node: SegmentNodeInput, at: string): SegmentNode | undefined => {
    const field = node.field as SegmentField;
    const spec: FieldSpec | undefined = SEGMENT_FIELDS[field];
    if (!spec) return void problems.push({ field: `${at}.field`, ...problem("SEGMENT_UNKNOWN_FIELD", { field: String(node.field) }) });
    const op = node.op as SegmentOperator;
    if (!op) return void problems.push({ field: `${at}.op`, ...problem("SEGMENT_OP_REQUIRED") });
    if (!OPERATORS_BY_KIND[spec.kind].includes(op)) {
      return void problems.push({ field: `${at}.op`, ...problem("SEGMENT_OP_NOT_FOR_FIELD", { op, field, allowed: OPERATORS_BY_KIND[spec.kind].join(", ") }) });
    }
    const valueAt = `${at}.value`;
    const raw = node.value;
    if (op === "IN" || op === "BETWEEN") {
      if (!Array.isArray(raw)) return void problems.push({ field: valueAt, ...problem(op === "IN" ? "SEGMENT_NOT_A_LIST" : "SEGMENT_NOT_A_RANGE") });
      if (op === "BETWEEN" && raw.length !== 2) return void problems.push({ field: valueAt, ...problem("SEGMENT_NOT_A_RANGE") });
      if (op === "IN" && (raw.length < 1 || raw.length > LIMITS.listValues)) {
        return void problems.push({ field: valueAt, ...problem("SEGMENT_LIST_LENGTH", { max: LIMITS.listValues }) });
      }
      const values = raw.map((v, i) => scalar(spec, field, v, `${valueAt}[${i}]`));
      if (!values.every((v) => v !== undefined)) return undefined;
      if (op === "BETWEEN" && (values[0] as Scalar) > (values[1] as Scalar)) return void problems.push({ field: valueAt, ...problem("SEGMENT_RANGE_REVERSED") });
      return { field, op, value: values as Scalar[] };
    }
    const value = scalar(spec, field, raw, valueAt);
    return value === undefined ? undefined : { field, op, value };
  };
  const scalar = (spec: FieldSpec, field: string, value: unknown, at: string): Scalar | undefined => {
    switch (spec.kind) {
      case "number":
        if (typeof value === "number" && Number.isFinite(value)) return value;
        return void problems.push({ field: at, ...problem("SEGMENT_NOT_A_NUMBER", { field }) });
      case "date":
        if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))) return value;
        return void problems.push({ field: at, ...problem("SEGMENT_NOT_A_DAY", { field }) });
      case "enum":
      case "flags":
        if (typeof value === "string" && spec.enum!.values.includes(value)) return value;
        return void problems.push({ field: at, ...problem("SEGMENT_NOT_ONE_OF", { allowed: spec.enum!.values.join(", "), field }) });
      case "text":
        if (typeof value === "string" && value.length <= LIMITS.textLength) return value;
        return void problems.push({ field: at, ...problem("SEGMENT_TEXT_TOO_LONG", { max: LIMITS.textLength, field }) });
    }
  };
  const tree = walk(input, path, 1);
  if (problems.length) throw new BadInputError(problems);
  // Every walk that yields no tree has reported why above.
  if (!tree) throw new Error("segment definition refused without a problem");
  return tree;
}

/** The catalog fields a segment field reveals (filtering on it is a read of them). */
export function segmentFieldReads(field: SegmentField): FieldRef[] {
  return (SEGMENT_FIELDS[field].reads as readonly (readonly [CatalogType, string])[]).map(([type, f]) => `${type}.${f}` as FieldRef);
}

/** The fields a tree filters on. */
export function fieldsOf(node: SegmentNode): Set<SegmentField> {
  const fields = new Set<SegmentField>();
  const walk = (n: SegmentNode) => {
    if ("and" in n) n.and.forEach(walk);
    else if ("or" in n) n.or.forEach(walk);
    else if ("not" in n) walk(n.not);
    else fields.add(n.field);
  };
  walk(node);
  return fields;
}

/**
 * Filtering on a field reveals its values, so every field of the tree needs the right to read
 * it in full (as for customer list filters); otherwise the whole request is FORBIDDEN.
 */
export function mayFilter(policy: Policy, node: SegmentNode): boolean {
  return [...fieldsOf(node)].every((field) => mayRead(policy, segmentFieldReads(field)));
}

export function assertMayFilter(policy: Policy, node: SegmentNode, path = "definition") {
  const denied = [...fieldsOf(node)].filter((field) => !mayRead(policy, segmentFieldReads(field)));
  if (denied.length) {
    throw new AppError(ErrorCode.FORBIDDEN, `You may not filter on ${denied.join(", ")}: you do not read ${denied.length > 1 ? "these fields" : "this field"} in full`, {
      field: path,
      fields: denied,
    });
  }
}

/** One bound parameter, cast to the field's column type so enum and date columns keep their indexes. */
function param(spec: FieldSpec, value: Scalar): SQL {
  switch (spec.kind) {
    case "enum":
    case "flags":
      return sql`${value}::${sql.raw(spec.enum!.type)}`;
    case "date":
      return sql`${value}::date`;
    case "number":
      return sql`${value}::numeric`;
    default:
      return sql`${value}::text`;
  }
}

function compileCondition(field: SegmentField, op: SegmentOperator, value: SegmentValue, scope: CustomerScope): SQL {
  const spec: FieldSpec = SEGMENT_FIELDS[field];
  const column = typeof spec.column === "function" ? spec.column(scope) : spec.column;
  const values = Array.isArray(value) ? value : [value];
  const list = sql.join(
    values.map((v) => param(spec, v)),
    sql`, `,
  );
  if (spec.kind === "flags") {
    const flags = sql`array[${list}]`;
    if (op === "EQ") return sql`(${column} @> ${flags})`;
    if (op === "NE") return sql`(not (${column} @> ${flags}))`;
    return sql`(${column} && ${flags})`;
  }
  const v = param(spec, values[0]!);
  switch (op) {
    case "EQ":
      return sql`(${column} = ${v})`;
    case "NE":
      return sql`(${column} is distinct from ${v})`;
    case "GT":
      return sql`(${column} > ${v})`;
    case "GTE":
      return sql`(${column} >= ${v})`;
    case "LT":
      return sql`(${column} < ${v})`;
    case "LTE":
      return sql`(${column} <= ${v})`;
    case "IN":
      return sql`(${column} in (${list}))`;
    case "BETWEEN":
      return sql`(${column} between ${v} and ${param(spec, values[1]!)})`;
  }
}

/**
 * The tree as one SQL condition over `customers` and `customer_insight` (left-joined: a customer
 * without computed insight matches no insight condition). NOT is the exact complement: an
 * unknown (null) value counts as not matching before it is negated. `scope` is the evaluating
 * principal's customer scope (required: household fields look at other customers through it).
 */
export function compileDefinition(node: SegmentNode, scope: CustomerScope): SQL {
  const walk = (n: SegmentNode): SQL => {
    if ("and" in n) return sql`(${sql.join(n.and.map(walk), sql` and `)})`;
    if ("or" in n) return sql`(${sql.join(n.or.map(walk), sql` or `)})`;
    if ("not" in n) return sql`(not coalesce(${walk(n.not)}, false))`;
    return compileCondition(n.field, n.op, n.value, scope);
  };
  return walk(node);
}
