import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Node } from "../../graphql/node.js";
import { Connection } from "../../graphql/connection.js";
import { DateTime, JSONObject } from "../../graphql/scalars.js";
import { SEGMENT_FIELD_NAMES, SEGMENT_FIELDS, SEGMENT_OPERATORS, type SegmentNode } from "./segment.definition.js";

export const SegmentField = Object.fromEntries(SEGMENT_FIELD_NAMES.map((f) => [f, f])) as { [K in (typeof SEGMENT_FIELD_NAMES)[number]]: K };
registerEnumType(SegmentField, {
  name: "SegmentField",
  description: "Profile and insight fields a segment may filter on (filtering needs the right to read the field in full).",
  valuesConfig: Object.fromEntries(SEGMENT_FIELD_NAMES.map((f) => [f, { description: SEGMENT_FIELDS[f].description }])),
});

export const SegmentOperator = Object.fromEntries(SEGMENT_OPERATORS.map((o) => [o, o])) as { [K in (typeof SEGMENT_OPERATORS)[number]]: K };
registerEnumType(SegmentOperator, {
  name: "SegmentOperator",
  description: "EQ, NE, IN on every field; GT, GTE, LT, LTE, BETWEEN (inclusive) on numbers and dates.",
});

@ObjectType({ implements: Node, description: "A stored customer segment: a filter tree over profile and insight fields." })
export class Segment {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => JSONObject, { description: "The filter tree, in the normal form of SegmentFilter." }) definition!: SegmentNode;
  // memberCount is resolved by SegmentResolver.memberCount: a count over a definition is a read of its fields.
  memberCount!: number;
  @Field(() => DateTime) refreshedAt!: Date;
  @Field(() => String) createdBy!: string;
  @Field(() => DateTime) createdAt!: Date;
}

export const SegmentConnection = Connection(Segment, "Segment");
