import type { ReactElement } from "react";
import { AutocompleteInput, SearchInput, SelectInput, TextInput, useTranslate, type SearchInputProps } from "react-admin";
import type { Role } from "../generated/graphql";
import { roleReadsInFull } from "../providers/roles";
import { churnLevelChoices, kindChoices, lifecycleStageChoices, regionChoices, statusChoices, valueTierChoices } from "./choices";

// SearchInput shows its placeholder as given: translate it here.
const CustomerSearchInput = (props: SearchInputProps) => {
  const translate = useTranslate();
  return <SearchInput {...props} placeholder={translate("tessera.search.placeholder")} />;
};

/**
 * Filters of the customer list for a role; the data provider maps them onto `CustomerFilter`. A
 * filter on a field is a read of it (the API's CUSTOMERS_READS): a role gets only the filters on
 * fields it reads in full, so it is never offered one the API would refuse.
 */
export function customerFilters(role: Role | undefined, pseudonymous: boolean): ReactElement[] {
  const reads = (type: "Customer" | "Insight", field: string) => roleReadsInFull(role, type, field as never);
  const filters: (ReactElement | false)[] = [
    // Search matches name, phone and email, which pseudonymous roles may not filter on.
    !pseudonymous && <CustomerSearchInput key="q" source="q" alwaysOn sx={{ minWidth: 240 }} />,
    <SelectInput key="kind" source="kind" choices={kindChoices} alwaysOn={pseudonymous} />,
    <SelectInput key="status" source="status" choices={statusChoices} alwaysOn={pseudonymous} />,
    !pseudonymous && reads("Customer", "region") && <AutocompleteInput key="region" source="region" choices={regionChoices} sx={{ minWidth: 200 }} />,
    reads("Insight", "valueTier") && <SelectInput key="valueTier" source="valueTier" choices={valueTierChoices} />,
    reads("Insight", "churnRisk") && <SelectInput key="churnLevel" source="churnLevel" choices={churnLevelChoices} />,
    reads("Insight", "lifecycleStage") && <SelectInput key="lifecycleStage" source="lifecycleStage" choices={lifecycleStageChoices} />,
    reads("Customer", "accountManager") && <TextInput key="accountManager" source="accountManager" />,
  ];
  return filters.filter((f): f is ReactElement => f !== false);
}
