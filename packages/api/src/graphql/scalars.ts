import { GraphQLDateTime, GraphQLJSONObject, GraphQLLocalDate } from "graphql-scalars";

/** Timestamps: ISO 8601 with offset. */
export const DateTime = GraphQLDateTime;
/** Calendar dates (birth date, billing month): `YYYY-MM-DD`. */
export const LocalDate = GraphQLLocalDate;
export const JSONObject = GraphQLJSONObject;
