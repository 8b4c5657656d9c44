import { Field, ID, InputType, registerEnumType } from "type-graphql";
import { OrderDirection } from "../../graphql/order.js";
import { DataSubjectRequestStatus, DataSubjectRequestType, Jurisdiction } from "./dsr.type.js";

@InputType({ description: "Data-subject request filter; conditions combine with AND, list values with OR." })
export class DataSubjectRequestFilter {
  @Field(() => [DataSubjectRequestStatus], { nullable: true }) status?: string[];
  @Field(() => [DataSubjectRequestType], { nullable: true }) type?: string[];
  @Field(() => [Jurisdiction], { nullable: true }) jurisdiction?: string[];
  @Field(() => ID, { nullable: true }) customerId?: string;
  @Field(() => Boolean, { nullable: true, description: "true: open requests past their due date; false: everything else." })
  overdue?: boolean;
}

export enum DataSubjectRequestOrderField {
  DUE_AT = "DUE_AT",
  RECEIVED_AT = "RECEIVED_AT",
}
registerEnumType(DataSubjectRequestOrderField, { name: "DataSubjectRequestOrderField" });

@InputType()
export class DataSubjectRequestOrder {
  @Field(() => DataSubjectRequestOrderField) field!: DataSubjectRequestOrderField;
  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC }) direction!: OrderDirection;
}
