import { Arg, Args, ArgsType, Ctx, Field, ID, Mutation, Query, Resolver } from "type-graphql";
import { ConnectionArgs } from "../../graphql/connection.js";
import type { Context } from "../../graphql/context.js";
import { DateTime } from "../../graphql/scalars.js";
import { DataSubjectRequestFilter, DataSubjectRequestOrder } from "./dsr.inputs.js";
import * as service from "./dsr.service.js";
import { DataSubjectExport, DataSubjectRequest, DataSubjectRequestConnection, DataSubjectRequestType, Jurisdiction } from "./dsr.type.js";

@ArgsType()
class DataSubjectRequestsArgs extends ConnectionArgs {
  @Field(() => DataSubjectRequestFilter, { nullable: true }) filter?: DataSubjectRequestFilter;
  @Field(() => DataSubjectRequestOrder, { nullable: true, description: "Default: dueAt ascending (most urgent first)." }) orderBy?: DataSubjectRequestOrder;
}

@Resolver(() => DataSubjectRequest)
export class DataSubjectRequestResolver {
  @Query(() => DataSubjectRequestConnection, { description: "Data-subject requests, as a Relay connection with keyset cursors." })
  async dataSubjectRequests(@Args(() => DataSubjectRequestsArgs) args: DataSubjectRequestsArgs, @Ctx() ctx: Context) {
    return DataSubjectRequestConnection.from(await service.listRequests(ctx, args));
  }

  @Query(() => DataSubjectRequest, { nullable: true })
  dataSubjectRequest(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return service.readRequest(ctx, id);
  }

  @Query(() => DataSubjectExport, { description: "The export of a fulfilled ACCESS request, as delivered to the customer; audited as EXPORT." })
  dataSubjectExport(@Arg("requestId", () => ID) requestId: string, @Ctx() ctx: Context) {
    return service.dataSubjectExport(ctx, requestId);
  }

  @Mutation(() => DataSubjectRequest, { description: "Records a request; its due date follows from the jurisdiction." })
  requestDataSubjectAction(
    @Arg("customerId", () => ID) customerId: string,
    @Arg("type", () => DataSubjectRequestType) type: string,
    @Arg("jurisdiction", () => Jurisdiction) jurisdiction: string,
    @Arg("notes", () => String, { nullable: true }) notes: string | undefined,
    @Arg("receivedAt", () => DateTime, { nullable: true, description: "When the customer made the request; defaults to now." }) receivedAt: Date | undefined,
    @Ctx() ctx: Context,
  ) {
    return service.requestDataSubjectAction(ctx, { customerId, type, jurisdiction, notes, receivedAt });
  }

  @Mutation(() => DataSubjectRequest, {
    description: "Performs the request (export, erasure, restriction, consent withdrawal) and closes it, in one transaction.",
  })
  fulfilDataSubjectRequest(@Arg("id", () => ID) id: string, @Arg("notes", () => String, { nullable: true }) notes: string | undefined, @Ctx() ctx: Context) {
    return service.fulfilDataSubjectRequest(ctx, id, notes);
  }

  @Mutation(() => DataSubjectRequest)
  rejectDataSubjectRequest(@Arg("id", () => ID) id: string, @Arg("reason", () => String) reason: string, @Ctx() ctx: Context) {
    return service.rejectDataSubjectRequest(ctx, id, reason);
  }
}
