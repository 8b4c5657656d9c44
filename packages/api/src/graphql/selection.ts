import { type ASTNode, getNamedType, isCompositeType, Kind, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { weakMemo } from "../lib/memo.js";

/**
 * Every `Type.field` an operation selects (through fragments too), for audit and redaction
 * reports. Kept per operation node: Apollo reuses the parsed document of a query it has seen,
 * so a repeated query is walked once (the answer depends on the document only, never on variables).
 */
export function selectedFields(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): ReadonlySet<string> {
  return selectedFieldsOf(operation, schema, document);
}

const selectedFieldsOf = weakMemo((operation: OperationDefinitionNode, schema: GraphQLSchema, document: DocumentNode): ReadonlySet<string> => {
  const fields = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  // Fragments the operation reaches, directly or through other fragments.
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const used = new Set<string>();
  const pending: ASTNode[] = [operation];
  while (pending.length) {
    visit(pending.pop()!, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        if (!used.has(name) && fragments.has(name)) {
          used.add(name);
          pending.push(fragments.get(name)!);
        }
      },
    });
  }
  const nodes: ASTNode[] = [operation, ...[...used].map((name) => fragments.get(name)!)];
  for (const node of nodes) {
    visit(
      node,
      visitWithTypeInfo(typeInfo, {
        Field() {
          const parent = typeInfo.getParentType();
          const def = typeInfo.getFieldDef();
          if (parent && def && isCompositeType(parent)) fields.add(`${getNamedType(parent).name}.${def.name}`);
        },
      }),
    );
  }
  return fields;
});
