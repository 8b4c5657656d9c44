import { Field, InputType } from "type-graphql";
import { GraphQLJSON } from "graphql-scalars";
import { SegmentField, SegmentOperator } from "./segment.type.js";

@InputType({
  description:
    "A node of a segment's filter tree: exactly one of `and`, `or`, `not`, or a condition `field op value`. " +
    "`value` is a string (enum value, text, date YYYY-MM-DD) or a number per the field; a list for IN; [min, max] for BETWEEN.",
})
export class SegmentFilter {
  @Field(() => [SegmentFilter], { nullable: true, description: "Every child matches." }) and?: SegmentFilter[] | null;
  @Field(() => [SegmentFilter], { nullable: true, description: "At least one child matches." }) or?: SegmentFilter[] | null;
  @Field(() => SegmentFilter, { nullable: true, description: "The child does not match (an unknown value does not match)." }) not?: SegmentFilter | null;
  @Field(() => SegmentField, { nullable: true }) field?: string | null;
  @Field(() => SegmentOperator, { nullable: true }) op?: string | null;
  @Field(() => GraphQLJSON, { nullable: true }) value?: unknown;
}
