import { registerEnumType } from "type-graphql";

export enum OrderDirection {
  ASC = "ASC",
  DESC = "DESC",
}
registerEnumType(OrderDirection, { name: "OrderDirection" });

/** The opposite direction: a backward page reads the list's order reversed from its `before` cursor. */
export function reversed(direction: OrderDirection): OrderDirection {
  return direction === OrderDirection.ASC ? OrderDirection.DESC : OrderDirection.ASC;
}
