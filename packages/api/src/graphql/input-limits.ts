import { problem } from "@tessera/schema/problems";
import {
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  Kind,
  TypeInfo,
  valueFromAST,
  visit,
  visitWithTypeInfo,
  type ArgumentNode,
  type DocumentNode,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLSchema,
} from "graphql";
import { weakMemo } from "../lib/memo.js";
import { BadInputError, type FieldProblem } from "./errors.js";

/**
 * Maximum lengths of text inputs, in one table. Every string that reaches a resolver — an
 * argument, an input object's field, a list item, a string inside a JSON scalar — is checked
 * against it before anything executes, so a new input is limited the day it is added (by
 * DEFAULT_MAX_LENGTH unless it has a row here). Keys are an input field or argument name, or
 * `Type.name` / `Type.field.argument` for one place only. Lengths count UTF-16 code units.
 */
export const MAX_TEXT_LENGTH: Record<string, number> = {
  // Free text written by people.
  summary: 4_000,
  comment: 4_000,
  notes: 4_000,
  note: 4_000,
  resolution: 4_000,
  rootCause: 1_000,
  reason: 2_000,
  notice: 2_000,
  subject: 500,
  address: 500,
  // Opaque cursors carry a sort key (a name can be long).
  after: 1_000,
  // Secrets are hashed; a longer "password" only costs CPU.
  password: 256,
};

/** Any text input without a row in MAX_TEXT_LENGTH. */
export const DEFAULT_MAX_LENGTH = 200;
/** Strings inside JSON scalars (feedback answers, segment filter values). */
export const MAX_JSON_STRING_LENGTH = 1_000;

function limitFor(parentType: string, name: string): number {
  return MAX_TEXT_LENGTH[`${parentType}.${name}`] ?? MAX_TEXT_LENGTH[name] ?? DEFAULT_MAX_LENGTH;
}

/**
 * Where a value sits in the arguments (`events[3].summary`), as a chain of keys: a batch of a
 * thousand events has tens of thousands of values, and the text is only needed for a problem.
 */
interface Path {
  readonly parent: Path | undefined;
  readonly key: string | number;
}

function pathText(path: Path | string): string {
  if (typeof path === "string") return path;
  const parts: string[] = [];
  for (let p: Path | undefined = path; p; p = p.parent) parts.push(typeof p.key === "number" ? `[${p.key}]` : p.parent ? `.${p.key}` : p.key);
  return parts.reverse().join("");
}

function checkString(value: string, max: number, path: Path | string, problems: FieldProblem[]) {
  // PostgreSQL cannot store NUL in text or jsonb; it is never meaningful in our inputs.
  if (value.includes("\u0000")) problems.push({ field: pathText(path), ...problem("NO_NUL") });
  else if (value.length > max) problems.push({ field: pathText(path), ...problem("TOO_LONG_GIVEN", { max, length: value.length }) });
}

/** Strings anywhere inside an untyped JSON value. */
function walkJson(value: unknown, path: string, problems: FieldProblem[]) {
  if (typeof value === "string") checkString(value, MAX_JSON_STRING_LENGTH, path, problems);
  else if (Array.isArray(value)) value.forEach((item, i) => walkJson(item, `${path}[${i}]`, problems));
  else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      checkString(key, DEFAULT_MAX_LENGTH, `${path}.${key.slice(0, 40)}`, problems);
      walkJson(item, `${path}.${key.slice(0, 40)}`, problems);
    }
  }
}

/** An input type's fields and the length limit of each, found once per type. */
const inputFieldsOf = weakMemo((type: GraphQLInputObjectType) =>
  Object.values(type.getFields()).map((field) => ({ name: field.name, type: field.type, max: limitFor(type.name, field.name) })),
);

function walkValue(value: unknown, type: GraphQLInputType, max: number, path: Path, problems: FieldProblem[]) {
  if (value == null || problems.length >= 10) return;
  if (isNonNullType(type)) return walkValue(value, type.ofType, max, path, problems);
  if (isListType(type)) {
    // A single value where a list is expected is coerced to a one-item list.
    const items = Array.isArray(value) ? value : [value];
    items.forEach((item, i) => walkValue(item, type.ofType, max, { parent: path, key: i }, problems));
    return;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== "object") return;
    for (const field of inputFieldsOf(type)) {
      walkValue((value as Record<string, unknown>)[field.name], field.type, field.max, { parent: path, key: field.name }, problems);
    }
    return;
  }
  if (typeof value === "string") checkString(value, max, path, problems);
  else if (isScalarType(type) && typeof value === "object") walkJson(value, pathText(path), problems);
}

/** One argument of a document: its AST value, its input type and the length limit of its strings. */
interface ArgumentSite {
  name: string;
  node: ArgumentNode;
  type: GraphQLInputType;
  max: number;
}

/** A parsed document's arguments, found once: Apollo reuses the parsed document across requests. */
const argumentSitesOf = weakMemo((document: DocumentNode, schema: GraphQLSchema): readonly ArgumentSite[] => {
  const found: ArgumentSite[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      [Kind.ARGUMENT](node) {
        const argument = typeInfo.getArgument();
        const field = typeInfo.getFieldDef();
        const parent = typeInfo.getParentType();
        if (!argument || !field) return;
        const max = MAX_TEXT_LENGTH[`${parent?.name}.${field.name}.${argument.name}`] ?? MAX_TEXT_LENGTH[argument.name] ?? DEFAULT_MAX_LENGTH;
        found.push({ name: argument.name, node, type: argument.type, max });
      },
    }),
  );
  return found;
});

/**
 * Refuses an operation with BAD_USER_INPUT when any text input is longer than its limit or holds
 * a NUL character: walks every field argument of the document (inline values and variables alike)
 * against the schema's input types.
 */
export function assertInputLimits(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>) {
  const problems: FieldProblem[] = [];
  for (const { name, node, type, max } of argumentSitesOf(document, schema)) {
    const value = valueFromAST(node.value, type, variables) ?? (node.value.kind === Kind.VARIABLE ? variables[node.value.name.value] : undefined);
    walkValue(value, type, max, { parent: undefined, key: name }, problems);
  }
  if (problems.length) {
    const error = new BadInputError(problems);
    // Thrown before execution: Apollo answers with this status (400) instead of 500.
    Object.assign(error.extensions, { http: { status: 400 } });
    throw error;
  }
}
