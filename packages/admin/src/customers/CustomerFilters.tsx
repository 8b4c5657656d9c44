import { AutocompleteInput, SearchInput, SelectInput } from "react-admin";
import { kindChoices, regionChoices, statusChoices } from "./choices";

/** Filters of the customer list; the data provider maps them onto `CustomerFilter`. */
export const customerFilters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="tessera.search.placeholder" sx={{ minWidth: 280 }} />,
  <SelectInput key="kind" source="kind" choices={kindChoices} />,
  <SelectInput key="status" source="status" choices={statusChoices} />,
  <AutocompleteInput key="region" source="region" choices={regionChoices} sx={{ minWidth: 200 }} />,
];
