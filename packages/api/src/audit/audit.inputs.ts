import { ArgsType, Field, ID, InputType } from "type-graphql";
import { ConnectionArgs } from "../graphql/connection.js";
import { DateTime } from "../graphql/scalars.js";
import { Purpose } from "../modules/consent/consent.type.js";
import { AuditAction } from "./audit.type.js";

@InputType({ description: "Audit trail filter; conditions combine with AND." })
export class AuditEventFilter {
  @Field(() => ID, { nullable: true, description: "Events that name this customer." }) customerId?: string;
  @Field(() => String, { nullable: true, description: "Exact principal, e.g. `user:agent` or `partner:Acme`." }) principal?: string;
  @Field(() => ID, { nullable: true }) partnerId?: string;
  @Field(() => Purpose, { nullable: true }) purpose?: string;
  @Field(() => AuditAction, { nullable: true }) action?: string;
  @Field(() => DateTime, { nullable: true, description: "Occurred at or after." }) from?: Date;
  @Field(() => DateTime, { nullable: true, description: "Occurred before." }) to?: Date;
}

@ArgsType()
export class AuditPageArgs extends ConnectionArgs {}

@ArgsType()
export class AuditEventsArgs extends AuditPageArgs {
  @Field(() => AuditEventFilter, { nullable: true }) filter?: AuditEventFilter;
}
