import type { GraphQLFieldResolver, GraphQLSchema } from "graphql";
import { defaultFieldResolver } from "graphql";
import type { Db } from "../db/client.js";
import type { Context } from "../graphql/context.js";

/**
 * Mutations that do not run inside the guard's transaction, and why. They must still record
 * an audit write before they answer (the guard checks that too).
 */
export const OWN_TRANSACTION: Record<string, string> = {
  login:
    "a failed login must commit its audit row and its failure count although the mutation answers an error; " +
    "login writes them in their own statements (user.service.ts)",
};

/** Marks a resolver as wrapped, so a test can check that every Mutation field is. */
export const AUDIT_GUARD = Symbol("audit guard");

export class UnauditedWriteError extends Error {
  constructor(readonly mutation: string) {
    super(`Mutation ${mutation} wrote no audit row; nothing it wrote was committed`);
  }
}

/**
 * Every write is audited in its own transaction or not done. Each Mutation field's resolver runs
 * inside one transaction (`ctx.db` is that transaction while it runs), and the transaction
 * commits only when the resolver recorded at least one audit write through `ctx.audit.write`.
 * A mutation that forgets its audit row therefore fails and leaves nothing behind; an audit row
 * that cannot be written (table unwritable, database refusing) rolls the write back.
 *
 * Wrapping the built schema rather than adding a type-graphql global middleware keeps the cost
 * on mutations only: global middlewares wrap every field of every type.
 */
export function guardMutations(schema: GraphQLSchema): GraphQLSchema {
  const mutation = schema.getMutationType();
  if (!mutation) return schema;
  for (const field of Object.values(mutation.getFields())) {
    const resolve = field.resolve ?? defaultFieldResolver;
    if ((resolve as { [AUDIT_GUARD]?: true })[AUDIT_GUARD]) continue;
    const guarded: GraphQLFieldResolver<unknown, Context> = async (root, args, ctx, info) => {
      const before = ctx.audit.writes;
      const audited = <T>(result: T): T => {
        if (ctx.audit.writes === before) throw new UnauditedWriteError(field.name);
        return result;
      };
      if (field.name in OWN_TRANSACTION) return audited(await resolve(root, args, ctx, info));
      const db = ctx.db;
      return db.transaction(async (tx) => {
        ctx.db = tx as unknown as Db;
        try {
          return audited(await resolve(root, args, ctx, info));
        } finally {
          ctx.db = db;
        }
      });
    };
    field.resolve = Object.assign(guarded, { [AUDIT_GUARD]: true as const });
  }
  return schema;
}
