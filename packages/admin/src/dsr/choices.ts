import { DataSubjectRequestStatus, DataSubjectRequestType, Jurisdiction } from "../generated/graphql";
import { enumChoices } from "../customers/choices";

export const dsrTypeChoices = enumChoices(DataSubjectRequestType, "DataSubjectRequestType");
export const dsrStatusChoices = enumChoices(DataSubjectRequestStatus, "DataSubjectRequestStatus");
export const jurisdictionChoices = enumChoices(Jurisdiction, "Jurisdiction");
export const dsrStatusTones = { RECEIVED: "info", IN_PROGRESS: "primary", FULFILLED: "success", REJECTED: "default" } as const;
export const DSR_OPEN: readonly string[] = ["RECEIVED", "IN_PROGRESS"];
