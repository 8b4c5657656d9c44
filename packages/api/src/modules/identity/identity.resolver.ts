import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root, Info } from "type-graphql";
import { loadOwnedRows } from "../../graphql/batch.js";
import type { Context } from "../../graphql/context.js";
import { DateTime } from "../../graphql/scalars.js";
import { Customer } from "../customer/customer.type.js";
import { AddIdentifierInput } from "./identity.inputs.js";
import { identityLoaders } from "./identity.loaders.js";
import * as service from "./identity.service.js";
import { Identifier } from "./identity.type.js";

@Resolver(() => Customer)
export class CustomerIdentifiersResolver {
  @FieldResolver(() => [Identifier], { description: "All identifiers, past and current, with their validity windows." })
  identifiers(@Root() customer: Customer, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return loadOwnedRows(ctx, "Identifier", customer, ctx.loaders.of(identityLoaders, ctx).identifiersByCustomerId, info);
  }
}

@Resolver(() => Identifier)
export class IdentifierMutationResolver {
  @Mutation(() => Identifier, { description: "Gives a customer an identifier for a validity window; CONFLICT when another record holds it in an overlapping window." })
  addIdentifier(@Arg("input", () => AddIdentifierInput) input: AddIdentifierInput, @Ctx() ctx: Context) {
    return service.addIdentifier(ctx, input);
  }

  @Mutation(() => Identifier, { description: "Ends an identifier's validity window at `validTo` (default now), e.g. a number released for recycling." })
  closeIdentifier(@Arg("id", () => ID) id: string, @Arg("validTo", () => DateTime, { nullable: true }) validTo: Date | undefined, @Ctx() ctx: Context) {
    return service.closeIdentifier(ctx, id, validTo);
  }
}
