/**
 * Reads planned from the GraphQL selection (issue 12 item 2). A root resolver walks the
 * selection below it, and every field it can plan (a registered relation such as a customer's
 * identifiers or usage) becomes one correlated subquery of the root's own statement, building
 * that field's rows as JSON inside PostgreSQL: one statement for the record and its nested
 * lists, with the visibility condition in its WHERE, instead of a statement (and DataLoader
 * round trip) per list. The field resolvers stay the only place rows are released (masked by
 * the policy, noted for the audit): they take the planned rows when there are some, and load
 * them as before when there are none (a field the planner left out, or arguments it does not
 * plan). So planning changes how many statements a read costs, never what it answers.
 *
 * The shape follows PostGraphile/grafast's plan-then-execute idea in miniature: the plan is
 * decided from the operation before any row is read, and one statement per root carries it.
 */
import type { SQL } from "drizzle-orm";
import { getArgumentValues, getNamedType, isObjectType, Kind, visit, type FieldNode, type GraphQLObjectType, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";
import { decodeJson, jsonList, jsonObject, parsedJson, type JsonShape } from "../db/json.js";
import type { Policy } from "../privacy/policy.js";

/** A field of a parent type that can be answered from the parent's statement. */
export interface PlannedRelation<V = unknown> {
  /**
   * The field's value as JSON for the parent whose id is `parentId` (SQL, correlated), or
   * undefined when these arguments are not planned (the field resolver then loads it itself).
   * `subfields` names what the client selected below the field, as paths of field names (`totalCount`,
   * `edges`, `edges.node`, `edges.node.summary`; three levels deep). It must depend on nothing but
   * its arguments and `variant`: the statement it joins is compiled once per plan key (`planKey`)
   * and reused, and the plan itself is kept per parsed document (`planSelection`).
   */
  select(parentId: SQL, args: Record<string, unknown>, subfields: ReadonlySet<string>, variant: string): SQL | undefined;
  /**
   * What of the caller the SQL depends on, as short text (the interaction history's order follows
   * what the principal may read), handed to `select`; part of every key the plan is kept under.
   */
  variant?(policy: Policy): string;
  /** The JSON value as the rows the field resolver would have loaded. */
  decode(value: unknown): V;
}

/** A planned field: its response key (alias or name), and the subquery that answers it. */
export interface PlannedField {
  key: string;
  relation: PlannedRelation;
  select: SQL;
  /** Everything `select` was built from (key, field, arguments, subfields): equal shapes, equal SQL. */
  shape: string;
}

/** A plan as text for a compiled-statement key (db/statements.ts): equal keys, equal planned columns. */
export function planKey(plan: readonly PlannedField[]): string {
  return plan.map((p) => p.shape).join("|");
}

/**
 * A list relation: the rows of `from` (a FROM … WHERE correlated on the parent id) shaped by `shape`.
 * `whenSelected` names keys built only for a client that selects that field (a free-text column,
 * a costly subquery such as a usage month's charges, a case's history): a key may be listed only
 * if nothing but its own field reads it — no policy rule, row rule, derived field, cursor or
 * other resolver (those keys stay: `allKeysBut`).
 */
export function listRelation<R>(
  shape: JsonShape,
  from: (parentId: SQL) => SQL,
  orderBy: SQL,
  limit?: (args: Record<string, unknown>) => number | undefined,
  whenSelected: readonly string[] = [],
): PlannedRelation<R[]> {
  const objectFor = prunedObjects(shape, whenSelected);
  return {
    select: (parentId, args, subfields) => {
      const n = limit?.(args);
      if (limit && n === undefined) return undefined;
      return jsonList(objectFor(subfields), from(parentId), orderBy, n);
    },
    decode: (value) => parsedJson<Record<string, unknown>[]>(value).map((row) => decodeJson<R>(shape, row)),
  };
}

/** The keys of `shape` but `kept`: for `whenSelected` (keys read only by their own field). */
export function allKeysBut(shape: JsonShape, kept: readonly string[]): string[] {
  return Object.keys(shape).filter((key) => !kept.includes(key));
}

/**
 * `jsonObject(shape)` without the `whenSelected` keys the selection does not name (`prefix` + key,
 * e.g. `edges.node.` for a connection's rows), one object per combination, built once.
 */
export function prunedObjects(shape: JsonShape, whenSelected: readonly string[], prefix = ""): (subfields: ReadonlySet<string>) => SQL {
  const objects = new Map<string, SQL>();
  return (subfields) => {
    const omitted = whenSelected.filter((key) => !subfields.has(prefix + key));
    const key = omitted.join(",");
    let object = objects.get(key);
    if (!object) {
      object = jsonObject(Object.fromEntries(Object.entries(shape).filter(([name]) => !omitted.includes(name))));
      objects.set(key, object);
    }
    return object;
  };
}

/** The field nodes under `path` (e.g. ["edges", "node"]) of the current field, and their type. */
function descend(info: GraphQLResolveInfo, path: readonly string[]): { type: GraphQLObjectType; sets: SelectionSetNode[] } | undefined {
  let type = getNamedType(info.returnType);
  let sets = info.fieldNodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
  for (const name of path) {
    if (!isObjectType(type)) return undefined;
    const def = type.getFields()[name];
    if (!def) return undefined;
    sets = fieldsIn(info, sets).filter((f) => f.name.value === name).flatMap((f) => (f.selectionSet ? [f.selectionSet] : []));
    type = getNamedType(def.type);
  }
  return isObjectType(type) ? { type, sets } : undefined;
}

/** The fields of selection sets, through fragments and inline fragments. */
function fieldsIn(info: GraphQLResolveInfo, sets: readonly SelectionSetNode[]): FieldNode[] {
  const out: FieldNode[] = [];
  const walk = (set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) out.push(s);
      else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet);
      else {
        const fragment = info.fragments[s.name.value];
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  sets.forEach(walk);
  return out;
}

/** How deep `subfields` names a planned field's selection: a connection's rows are at `edges.node.<field>`. */
const SUBFIELD_DEPTH = 3;

/** The field names selected below `nodes`, as dotted paths up to `depth` levels (through fragments). */
function selectedPaths(info: GraphQLResolveInfo, nodes: readonly FieldNode[], depth: number, prefix = "", out = new Set<string>()): Set<string> {
  if (depth === 0) return out;
  const children = fieldsIn(info, nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : [])));
  const byName = new Map<string, FieldNode[]>();
  for (const child of children) byName.set(child.name.value, [...(byName.get(child.name.value) ?? []), child]);
  for (const [name, group] of byName) {
    out.add(prefix + name);
    selectedPaths(info, group, depth - 1, `${prefix}${name}.`, out);
  }
  return out;
}

/**
 * Plans the fields selected at `path` below the current field that `relations` can answer,
 * correlated on `parentId`. Fields under @skip/@include are planned too: an unused planned
 * value is never released, it only cost its subquery.
 */
export function planSelection(info: GraphQLResolveInfo, path: readonly string[], relations: Readonly<Record<string, PlannedRelation>>, parentId: SQL, policy: Policy): PlannedField[] {
  const variants = new Map<string, string>();
  for (const [name, relation] of Object.entries(relations)) if (relation.variant) variants.set(name, relation.variant(policy));
  // Apollo reuses a parsed document across requests, so its field nodes identify the selection;
  // a plan whose arguments are all literals is the same on every request (and variant) and is kept.
  const root = info.fieldNodes[0]!;
  const pathKey = `${path.join(".")}\u0001${JSON.stringify([...variants])}`;
  let cached = planCache.get(root);
  const hit = cached?.find((c) => c.pathKey === pathKey && c.relations === relations && c.parentId === parentId);
  if (hit) return hit.plan;
  const { plan, usesVariables } = buildPlan(info, path, relations, parentId, variants);
  if (!usesVariables) {
    if (!cached) planCache.set(root, (cached = []));
    cached.push({ pathKey, relations, parentId, plan });
  }
  return plan;
}

const planCache = new WeakMap<FieldNode, { pathKey: string; relations: object; parentId: SQL; plan: PlannedField[] }[]>();

/** True when an argument of `node` (at any depth of its value) is a variable. */
function argumentsUseVariables(node: FieldNode): boolean {
  let found = false;
  for (const argument of node.arguments ?? []) {
    visit(argument.value, {
      Variable() {
        found = true;
      },
    });
  }
  return found;
}

function buildPlan(
  info: GraphQLResolveInfo,
  path: readonly string[],
  relations: Readonly<Record<string, PlannedRelation>>,
  parentId: SQL,
  variants: ReadonlyMap<string, string>,
): { plan: PlannedField[]; usesVariables: boolean } {
  const target = descend(info, path);
  if (!target) return { plan: [], usesVariables: false };
  // Fields under one response key are merged by GraphQL (same name and arguments): one plan, the union of their selections.
  const byKey = new Map<string, FieldNode[]>();
  for (const node of fieldsIn(info, target.sets)) {
    const key = node.alias?.value ?? node.name.value;
    byKey.set(key, [...(byKey.get(key) ?? []), node]);
  }
  const planned = new Map<string, PlannedField>();
  let usesVariables = false;
  for (const [key, nodes] of byKey) {
    const node = nodes[0]!;
    const relation = relations[node.name.value];
    const def = target.type.getFields()[node.name.value];
    if (!relation || !def) continue;
    usesVariables ||= argumentsUseVariables(node);
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(def, node, info.variableValues);
    } catch {
      continue; // the field resolver reports bad arguments
    }
    const subfields = selectedPaths(info, nodes, SUBFIELD_DEPTH);
    const variant = variants.get(node.name.value) ?? "";
    const select = relation.select(parentId, args, subfields, variant);
    if (select) planned.set(key, { key, relation, select, shape: JSON.stringify([key, node.name.value, args, [...subfields].sort(), variant]) });
  }
  return { plan: [...planned.values()], usesVariables };
}

/** The planned subqueries as extra columns of the parent's SELECT (keys that cannot clash with a column). */
export function plannedColumns(plan: readonly PlannedField[]): Record<string, SQL> {
  return Object.fromEntries(plan.map((p, i) => [`__planned${i}`, p.select]));
}

/** A parent row and the values planned under it, by response key. */
export interface PlannedRow<R> {
  row: R;
  values: Map<string, unknown>;
}

const prefetched = new WeakMap<object, Map<string, unknown>>();

/**
 * Takes the planned values, decoded, off parent rows read with `plannedColumns(plan)` (the caller's
 * own rows, fresh from the driver); `attach` then binds them to the object a resolver returns for the row.
 */
export function takePlanned<R extends object>(rows: readonly R[], plan: readonly PlannedField[]): PlannedRow<R>[] {
  return rows.map((row) => {
    const values = new Map<string, unknown>();
    plan.forEach((p, i) => {
      const column = `__planned${i}`;
      const columns = row as Record<string, unknown>;
      values.set(p.key, p.relation.decode(columns[column]));
      // Cleared rather than deleted: a deleted property turns the row into a slow dictionary object.
      columns[column] = undefined;
    });
    return { row, values };
  });
}

/** Binds planned values to the parent object the field resolvers will receive. */
export function attachPlanned<T extends object>(parent: T, values: Map<string, unknown>): T {
  if (values.size) prefetched.set(parent, values);
  return parent;
}

/** The planned value of the field being resolved (by its response key), or undefined: load it. */
export function plannedValue<V>(parent: object, info: Pick<GraphQLResolveInfo, "path"> | undefined): V | undefined {
  if (!info) return undefined;
  return prefetched.get(parent)?.get(String(info.path.key)) as V | undefined;
}
