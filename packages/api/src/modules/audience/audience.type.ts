import { Field, ID, ObjectType } from "type-graphql";
import { gqlEnum } from "../../graphql/enums.js";
import { DateTime } from "../../graphql/scalars.js";
import { Purpose } from "../consent/consent.type.js";
import type { AudienceWith } from "./audience.queries.js";
import { audienceStatus } from "./audience.table.js";

export const AudienceStatus = gqlEnum(audienceStatus, "AudienceStatus", "PENDING: waiting for a second admin; PUBLISHED: the partner reads it; UNPUBLISHED: withdrawn.");

@ObjectType({ description: "A segment published to a partner app under one purpose: the partner reads the members who consented to it, with its allowlisted fields." })
export class Audience {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: "The published segment's name." }) name!: string;
  @Field(() => ID) segmentId!: string;
  @Field(() => ID) partnerId!: string;
  @Field(() => String) partnerName!: string;
  @Field(() => Purpose, { description: "Members are the segment's customers with an effective consent for this purpose; partners read the audience under it." }) purpose!: string;
  @Field(() => AudienceStatus) status!: string;
  @Field(() => DateTime, { nullable: true }) publishedAt!: Date | null;
  @Field(() => DateTime) createdAt!: Date;
  /** The rows behind it, for the members field resolvers. */
  source!: AudienceWith;
}

/** The GraphQL shape of an audience. */
export function audienceView(a: AudienceWith): Audience {
  return Object.assign(new Audience(), {
    id: a.audience.id,
    name: a.segment.name,
    segmentId: a.segment.id,
    partnerId: a.partner.id,
    partnerName: a.partner.name,
    purpose: a.audience.purpose,
    status: a.audience.status,
    publishedAt: a.audience.publishedAt,
    createdAt: a.audience.createdAt,
    source: a,
  });
}
