/**
 * An imported record is held to the input type of its batch mutation's item (upsertCustomers'
 * CustomerFeedInput, ingestInteractions' InteractionEventInput, …) exactly as graphql-js coerces a
 * request's variables: a field the type does not have, a value of the wrong type, an enum value it
 * does not list or a missing required field rejects the row. The file path skips GraphQL, so
 * without this a misspelt column was dropped without a word (the row imported without its value)
 * and an NDJSON value of the wrong type reached the validators unchecked. The GraphQL schema stays
 * the one description of what an item may hold.
 */
import { problem, type Problem } from "@tessera/schema/problems";
import {
  coerceInputValue,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  type GraphQLInputObjectType,
  type GraphQLInputType,
} from "graphql";
import { suggestionList } from "graphql/jsutils/suggestionList.js";
import { BadInputError } from "../graphql/errors.js";
import { tesseraSchema } from "../graphql/schema.js";

export type ColumnProblem = { column: string } & Problem;

/** The input type of one item of a batch mutation's list argument, e.g. `ingestInteractions(events:)` → InteractionEventInput. */
export async function itemInputType(mutation: string, arg: string): Promise<GraphQLInputObjectType> {
  const field = (await tesseraSchema()).getMutationType()?.getFields()[mutation];
  const type = field?.args.find((a) => a.name === arg)?.type;
  const item = type && getNamedType(type);
  if (!item || !isInputObjectType(item)) throw new Error(`${mutation}(${arg}:) is not a list of input objects in the schema`);
  return item;
}

/**
 * Refuses a CSV header naming a column the item type has no field for, before any row is read:
 * every row would lose that column. Nested columns follow the input objects (`customer.externalId`);
 * `charges.<SERVICE>` is a per-service charge of usage's `charges` list.
 */
export function checkHeader(item: GraphQLInputObjectType, columns: readonly string[]): void {
  const unknown = columns.filter((column) => !hasColumn(item, column.split(".")));
  if (unknown.length) throw new UnknownColumnsError(item, unknown);
}

/** A header naming columns the item type lacks: a usage error, raised before anything is read or written. */
export class UnknownColumnsError extends BadInputError {
  constructor(item: GraphQLInputObjectType, readonly columns: string[]) {
    super(columns.map((column) => ({ field: column, ...problem("UNKNOWN_FIELD", { type: item.name }) })));
    const named = columns.map((column) => {
      const near = suggestionList(column, Object.keys(item.getFields())).slice(0, 3);
      return `"${column}"${near.length ? ` (did you mean ${near.map((n) => `"${n}"`).join(" or ")}?)` : ""}`;
    });
    this.message = `${columns.length === 1 ? "column" : "columns"} ${named.join(", ")} ${columns.length === 1 ? "is not a field" : "are not fields"} of ${item.name}; nothing was imported (docs/import.md lists the columns)`;
  }
}

function hasColumn(type: GraphQLInputObjectType, [name, ...rest]: string[]): boolean {
  const field = type.getFields()[name!];
  if (!field) return false;
  if (!rest.length) return true;
  if (name === "charges" && rest.length === 1) return isListType(getNullableType(field.type));
  const inner = getNamedType(field.type);
  return isInputObjectType(inner) && hasColumn(inner, rest);
}

/** The record as the mutation's variables would be coerced, or the problems that reject it. */
export function coerceRecord(item: GraphQLInputObjectType, record: Record<string, unknown>): { value: Record<string, unknown> } | { problems: ColumnProblem[] } {
  const problems: ColumnProblem[] = [];
  const value = coerceInputValue(record, item, (path, invalid, error) => problems.push(problemAt(item, path, invalid, error.message)));
  return problems.length ? { problems } : { value: value as Record<string, unknown> };
}

/** `["charges", 1, "amount"]` → `charges[1].amount`, as rejected columns are named elsewhere. */
function columnOf(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i ? `.${p}` : p)).join("");
}

/** The input type expected at a path of the record. */
function typeAt(item: GraphQLInputType, path: readonly (string | number)[]): GraphQLInputType | undefined {
  let type: GraphQLInputType | undefined = item;
  for (const step of path) {
    const nullable: GraphQLInputType | undefined = type && getNullableType(type);
    if (typeof step === "number") type = nullable && isListType(nullable) ? nullable.ofType : nullable;
    else type = nullable && isInputObjectType(nullable) ? nullable.getFields()[step]?.type : undefined;
  }
  return type;
}

/**
 * graphql-js reports coercion errors as sentences; each becomes a coded problem on its column.
 * A field error names the field inside the object at `path` (unknown or not provided); any other
 * error is about the value at `path`.
 */
function problemAt(item: GraphQLInputObjectType, path: readonly (string | number)[], invalid: unknown, message: string): ColumnProblem {
  const unknown = /^Field "([^"]+)" is not defined by type "([^"]+)"/.exec(message);
  if (unknown) return { column: columnOf([...path, unknown[1]!]), ...problem("UNKNOWN_FIELD", { type: unknown[2]! }) };
  const missing = /^Field "([^"]+)" of required type "[^"]+" was not provided/.exec(message);
  if (missing) return { column: columnOf([...path, missing[1]!]), ...problem("REQUIRED") };
  const column = columnOf(path);
  if (invalid === null || invalid === undefined) return { column, ...problem("REQUIRED") };
  const expected = typeAt(item, path);
  const named = expected && getNamedType(expected);
  if (named && isEnumType(named) && typeof invalid === "string") {
    return { column, ...problem("NOT_ONE_OF", { value: invalid, allowed: named.getValues().map((v) => v.name).join(", ") }) };
  }
  return { column, ...problem("NOT_OF_TYPE", { type: expected ? String(getNullableType(expected)) : "unknown" }) };
}
