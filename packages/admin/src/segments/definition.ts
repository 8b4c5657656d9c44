import {
  ChurnLevel,
  CustomerKind,
  CustomerStatus,
  Gender,
  HouseholdRole,
  LifecycleStage,
  SegmentField,
  SegmentOperator,
  SpecialCareFlag,
  ValueTier,
  type SegmentFilter,
} from "../generated/graphql";
import { REGIONS } from "../customers/regions";

/**
 * The segment builder's model: a group (and/or) of conditions and nested groups, turned into the
 * API's SegmentFilter tree. The API validates and normalises it; this only keeps the builder to
 * inputs that make sense for each field.
 */
export type Condition = { kind: "condition"; field: SegmentField; op: SegmentOperator; value: string | number | Array<string | number> | null };
export type Group = { kind: "group"; combine: "and" | "or"; negate?: boolean; children: Node[] };
export type Node = Condition | Group;

type ValueKind = "enum" | "text" | "number" | "date" | "flags";

/** How each field's value is entered; enum values are translated through `enumName`. */
export const FIELDS: Record<SegmentField, { kind: ValueKind; values?: readonly string[]; enumName?: string; regions?: boolean }> = {
  KIND: { kind: "enum", values: Object.values(CustomerKind), enumName: "CustomerKind" },
  STATUS: { kind: "enum", values: Object.values(CustomerStatus), enumName: "CustomerStatus" },
  REGION: { kind: "text", values: REGIONS, regions: true },
  CITY: { kind: "text" },
  GENDER: { kind: "enum", values: Object.values(Gender), enumName: "Gender" },
  BIRTH_DATE: { kind: "date" },
  AGE: { kind: "number" },
  LANGUAGE: { kind: "text" },
  SPECIAL_CARE: { kind: "flags", values: Object.values(SpecialCareFlag), enumName: "SpecialCareFlag" },
  VALUE_TIER: { kind: "enum", values: Object.values(ValueTier), enumName: "ValueTier" },
  LIFECYCLE_STAGE: { kind: "enum", values: Object.values(LifecycleStage), enumName: "LifecycleStage" },
  CHURN_LEVEL: { kind: "enum", values: Object.values(ChurnLevel), enumName: "ChurnLevel" },
  CHURN_SCORE: { kind: "number" },
  ARPU: { kind: "number" },
  CLV: { kind: "number" },
  TENURE_MONTHS: { kind: "number" },
  HOUSEHOLD_ROLE: { kind: "enum", values: Object.values(HouseholdRole), enumName: "HouseholdRole" },
  HOUSEHOLD_SIZE: { kind: "number" },
  HOUSEHOLD_CLV: { kind: "number" },
};

const ALL_OPS = Object.values(SegmentOperator);
export function operatorsOf(field: SegmentField): SegmentOperator[] {
  const kind = FIELDS[field].kind;
  return kind === "number" || kind === "date" ? ALL_OPS : [SegmentOperator.EQ, SegmentOperator.NE, SegmentOperator.IN];
}

export const newCondition = (field: SegmentField = SegmentField.VALUE_TIER): Condition => ({
  kind: "condition",
  field,
  op: SegmentOperator.EQ,
  value: FIELDS[field].values?.[0] ?? null,
});

export const newGroup = (combine: "and" | "or" = "and"): Group => ({ kind: "group", combine, children: [newCondition()] });

/** The builder's tree as the API's SegmentFilter (a one-child group is just its child). */
export function toSegmentFilter(node: Node): SegmentFilter {
  if (node.kind === "condition") return { field: node.field, op: node.op, value: node.value };
  const children = node.children.map(toSegmentFilter);
  const tree: SegmentFilter = children.length === 1 ? children[0]! : { [node.combine]: children };
  return node.negate ? { not: tree } : tree;
}

type Stored = { and?: Stored[]; or?: Stored[]; not?: Stored; field?: string; op?: string; value?: unknown };

/** A stored definition as a readable line: `(Value tier = High value AND Churn risk level IN High, Medium)`. */
export function describe(definition: unknown, label: (field: string, value: unknown) => string, words: { and: string; or: string; not: string; fieldName: (f: string) => string }): string {
  const walk = (node: Stored, top = false): string => {
    if (node.and || node.or) {
      const parts = (node.and ?? node.or)!.map((child) => walk(child));
      const text = parts.join(` ${node.and ? words.and : words.or} `);
      return top ? text : `(${text})`;
    }
    if (node.not) return `${words.not} ${walk(node.not)}`;
    const values = Array.isArray(node.value) ? node.value : [node.value];
    const rendered = values.map((v) => label(String(node.field), v)).join(node.op === "BETWEEN" ? " – " : ", ");
    return `${words.fieldName(String(node.field))} ${OP_SYMBOLS[String(node.op)] ?? node.op} ${rendered}`;
  };
  return walk((definition ?? {}) as Stored, true);
}

export const OP_SYMBOLS: Record<string, string> = { EQ: "=", NE: "≠", GT: ">", GTE: "≥", LT: "<", LTE: "≤", IN: "∈", BETWEEN: "∈" };
