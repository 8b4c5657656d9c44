import { Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../graphql/context.js";
import { Customer } from "../modules/customer/customer.type.js";
import { AuditEventsArgs, AuditPageArgs } from "./audit.inputs.js";
import * as service from "./audit.service.js";
import { AuditChainStatus, AuditEventConnection } from "./audit.type.js";

@Resolver()
export class AuditResolver {
  @Query(() => AuditEventConnection, { description: "The audit trail, newest first (auditors and admins)." })
  async auditEvents(@Args(() => AuditEventsArgs) args: AuditEventsArgs, @Ctx() ctx: Context) {
    return AuditEventConnection.from(await service.listAuditEvents(ctx, args));
  }

  @Query(() => AuditChainStatus, { description: "Re-computes the audit hash chain and reports the first broken event, if any." })
  auditChain(@Ctx() ctx: Context) {
    return service.auditChainStatus(ctx);
  }
}

@Resolver(() => Customer)
export class CustomerAccessLogResolver {
  @FieldResolver(() => AuditEventConnection, {
    description: "Who accessed this customer (audit events naming it), newest first. Empty unless you are an auditor, admin or steward.",
  })
  async accessLog(@Root() customer: Customer, @Args(() => AuditPageArgs) args: AuditPageArgs, @Ctx() ctx: Context) {
    return AuditEventConnection.from(await service.customerAccessLog(ctx, customer, args));
  }
}
