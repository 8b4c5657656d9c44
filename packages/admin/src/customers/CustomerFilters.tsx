import { AutocompleteInput, SearchInput, SelectArrayInput, SelectInput, TextInput, useTranslate, type SearchInputProps } from "react-admin";
import { ChurnLevel, LifecycleStage, ValueTier } from "../generated/graphql";
import { enumChoices, kindChoices, regionChoices, statusChoices } from "./choices";

// SearchInput shows its placeholder as given: translate it here.
const CustomerSearchInput = (props: SearchInputProps) => {
  const translate = useTranslate();
  return <SearchInput {...props} placeholder={translate("tessera.search.placeholder")} />;
};

/** Filters of the customer list; the data provider maps them onto `CustomerFilter`. */
export const customerFilters = [
  <CustomerSearchInput key="q" source="q" alwaysOn sx={{ minWidth: 280 }} />,
  <SelectInput key="kind" source="kind" choices={kindChoices} />,
  <SelectInput key="status" source="status" choices={statusChoices} />,
  <AutocompleteInput key="region" source="region" choices={regionChoices} sx={{ minWidth: 200 }} />,
  // Stored insight and the account manager (issue 13): the API refuses a filter on a field the role may not read.
  <SelectArrayInput key="valueTier" source="valueTier" choices={enumChoices(ValueTier, "ValueTier")} sx={{ minWidth: 160 }} />,
  <SelectArrayInput key="churnLevel" source="churnLevel" choices={enumChoices(ChurnLevel, "ChurnLevel")} sx={{ minWidth: 160 }} />,
  <SelectArrayInput key="lifecycleStage" source="lifecycleStage" choices={enumChoices(LifecycleStage, "LifecycleStage")} sx={{ minWidth: 180 }} />,
  <TextInput key="accountManager" source="accountManager" helperText={false} />,
];

/** Without search: it matches name, phone and email, which these roles may not filter on. */
export const pseudonymousFilters = [
  <SelectInput key="kind" source="kind" choices={kindChoices} alwaysOn />,
  <SelectInput key="status" source="status" choices={statusChoices} alwaysOn />,
  <SelectArrayInput key="valueTier" source="valueTier" choices={enumChoices(ValueTier, "ValueTier")} sx={{ minWidth: 160 }} />,
  <SelectArrayInput key="churnLevel" source="churnLevel" choices={enumChoices(ChurnLevel, "ChurnLevel")} sx={{ minWidth: 160 }} />,
  <SelectArrayInput key="lifecycleStage" source="lifecycleStage" choices={enumChoices(LifecycleStage, "LifecycleStage")} sx={{ minWidth: 180 }} />,
];
