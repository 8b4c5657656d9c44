import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root, Info } from "type-graphql";
import { loadOwnedRows } from "../../graphql/batch.js";
import type { Context } from "../../graphql/context.js";
import { Customer } from "../customer/customer.type.js";
import { RecordConsentInput } from "./consent.inputs.js";
import { consentLoaders } from "./consent.loaders.js";
import { recordConsent } from "./consent.service.js";
import { ConsentEvent, ConsentState } from "./consent.type.js";

@Resolver(() => Customer)
export class CustomerConsentResolver {
  @FieldResolver(() => [ConsentState], { description: "Current consent per purpose/channel/partner; expiry honoured at read time." })
  consents(@Root() customer: Customer, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return loadOwnedRows(ctx, "ConsentState", customer, ctx.loaders.of(consentLoaders, ctx).currentByCustomerId, info).then((rows) => rows.map((r) => ({ ...r, eventId: r.id })));
  }

  @FieldResolver(() => [ConsentEvent], { description: "The full consent ledger, oldest first." })
  consentHistory(@Root() customer: Customer, @Ctx() ctx: Context) {
    return loadOwnedRows(ctx, "ConsentEvent", customer, ctx.loaders.of(consentLoaders, ctx).historyByCustomerId);
  }
}

@Resolver()
export class ConsentMutationResolver {
  @Mutation(() => ConsentEvent, { description: "Appends a consent decision to the ledger; the current state follows at once." })
  recordConsent(@Arg("input", () => RecordConsentInput) input: RecordConsentInput, @Ctx() ctx: Context) {
    return recordConsent(ctx, input);
  }
}
