import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root, Info } from "type-graphql";
import { loadOwnedRows } from "../../graphql/batch.js";
import type { Context } from "../../graphql/context.js";
import { Customer } from "../customer/customer.type.js";
import { RecordConsentInput } from "./consent.inputs.js";
import { selectConsentHistory, selectCurrentConsents } from "./consent.queries.js";
import { recordConsent } from "./consent.service.js";
import { ConsentEvent, ConsentState } from "./consent.type.js";

@Resolver(() => Customer)
export class CustomerConsentResolver {
  @FieldResolver(() => [ConsentState], { description: "Current consent per purpose/channel/partner; expiry honoured at read time." })
  consents(@Root() customer: Customer, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return loadOwnedRows(ctx, "ConsentState", customer, (ids) => selectCurrentConsents(ctx.db, ids), "", info).then((rows) => rows.map((r) => ({ ...r, eventId: r.id })));
  }

  @FieldResolver(() => [ConsentEvent], { description: "The full consent ledger, oldest first." })
  consentHistory(@Root() customer: Customer, @Ctx() ctx: Context) {
    return loadOwnedRows(ctx, "ConsentEvent", customer, (ids) => selectConsentHistory(ctx.db, ids));
  }
}

@Resolver()
export class ConsentMutationResolver {
  @Mutation(() => ConsentEvent, { description: "Appends a consent decision to the ledger; the current state follows at once." })
  recordConsent(@Arg("input", () => RecordConsentInput) input: RecordConsentInput, @Ctx() ctx: Context) {
    return recordConsent(ctx, input);
  }
}
