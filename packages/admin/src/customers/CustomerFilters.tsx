import { AutocompleteInput, SearchInput, SelectInput, useTranslate, type SearchInputProps } from "react-admin";
import { kindChoices, regionChoices, statusChoices } from "./choices";

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
];

/** Without search: it matches name, phone and email, which these roles may not filter on. */
export const pseudonymousFilters = [
  <SelectInput key="kind" source="kind" choices={kindChoices} alwaysOn />,
  <SelectInput key="status" source="status" choices={statusChoices} alwaysOn />,
];
