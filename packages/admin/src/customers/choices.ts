import { ChurnLevel, CustomerKind, CustomerStatus, Gender, LifecycleStage, SpecialCareFlag, ValueTier } from "../generated/graphql";
import type { appMessages } from "../i18n/en";
import { REGIONS } from "./regions";

type EnumName = keyof typeof appMessages.tessera.enums;

/** Select choices for an API enum, labelled by translation key (react-admin translates choices). */
export const enumChoices = (values: Record<string, string>, enumName: EnumName) =>
  Object.values(values).map((id) => ({ id, name: `tessera.enums.${enumName}.${id}` }));

export const kindChoices = enumChoices(CustomerKind, "CustomerKind");
export const statusChoices = enumChoices(CustomerStatus, "CustomerStatus");
export const genderChoices = enumChoices(Gender, "Gender");
export const specialCareChoices = enumChoices(SpecialCareFlag, "SpecialCareFlag");
export const valueTierChoices = enumChoices(ValueTier, "ValueTier");
export const churnLevelChoices = enumChoices(ChurnLevel, "ChurnLevel");
export const lifecycleStageChoices = enumChoices(LifecycleStage, "LifecycleStage");
/** Chip colours of stored insight, on the list and the 360's insight tab alike. */
export const churnLevelTones = { HIGH: "error", MEDIUM: "warning", LOW: "success" } as const;
export const valueTierTones = { HIGH: "success", MEDIUM: "info", LOW: "default" } as const;
export const regionChoices = REGIONS.map((id) => ({ id, name: `tessera.regions.${id}` }));
export const languageChoices = [
  { id: "zh-CN", name: "简体中文" },
  { id: "en", name: "English" },
];
