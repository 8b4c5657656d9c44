import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, Mutation, Resolver, Root, Info } from "type-graphql";
import { ConnectionArgs } from "../../graphql/connection.js";
import type { Context } from "../../graphql/context.js";
import { Customer } from "../customer/customer.type.js";
import { InteractionEventInput, InteractionFilter, LogInteractionInput } from "./interaction.inputs.js";
import * as service from "./interaction.service.js";
import { IngestResult, Interaction, InteractionConnection } from "./interaction.type.js";

@ArgsType()
class InteractionsArgs extends ConnectionArgs {
  @Field(() => InteractionFilter, { nullable: true }) filter?: InteractionFilter;
}

@Resolver(() => Customer)
export class CustomerInteractionsResolver {
  @FieldResolver(() => InteractionConnection, { description: "Interaction history across all channels, newest first (in id order for a caller that may not read occurredAt: an order reveals what it sorts by)." })
  async interactions(@Root() customer: Customer, @Args(() => InteractionsArgs) args: InteractionsArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return InteractionConnection.from(await service.customerInteractions(ctx, customer, args, info));
  }
}

@Resolver(() => Interaction)
export class InteractionMutationResolver {
  @Mutation(() => Interaction)
  logInteraction(@Arg("input", () => LogInteractionInput) input: LogInteractionInput, @Ctx() ctx: Context) {
    return service.logInteraction(ctx, input);
  }

  @Mutation(() => IngestResult, { description: `Ingests up to ${service.MAX_INGEST_BATCH} events; idempotent on externalId.` })
  ingestInteractions(@Arg("events", () => [InteractionEventInput]) events: InteractionEventInput[], @Ctx() ctx: Context) {
    return service.ingestInteractions(ctx, events);
  }
}
