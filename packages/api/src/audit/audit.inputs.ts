import { ArgsType, Field, ID, InputType, Int } from "type-graphql";
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
export class AuditPageArgs {
  @Field(() => Int, { nullable: true, description: "Page size (default 20, maximum TESSERA_MAX_PAGE_SIZE)." }) first?: number;
  @Field(() => String, { nullable: true, description: "Cursor of the last edge of the previous page." }) after?: string;
}

@ArgsType()
export class AuditEventsArgs extends AuditPageArgs {
  @Field(() => AuditEventFilter, { nullable: true }) filter?: AuditEventFilter;
}
