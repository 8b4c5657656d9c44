import { FIELD_LIMITS } from "@tessera/schema/limits";
import { Create, SelectInput, SimpleForm, TextInput, required } from "react-admin";
import { lengthValidators } from "../common/limits";
import { caseCategoryChoices, caseKindChoices, casePriorityChoices, channelChoices } from "./choices";

const limits = lengthValidators(FIELD_LIMITS.Case);

/**
 * Opens a case owned by the signed-in user (the first contact owns it), due by the SLA of its
 * kind. The customer comes prefilled from the customer's page.
 */
const CaseCreate = () => (
  <Create redirect="show">
    <SimpleForm defaultValues={{ kind: "COMPLAINT", category: "NETWORK_QUALITY", channel: "HOTLINE" }} warnWhenUnsavedChanges>
      <TextInput source="customerId" validate={required()} />
      <SelectInput source="kind" choices={caseKindChoices} validate={required()} />
      <SelectInput source="category" choices={caseCategoryChoices} validate={required()} />
      <TextInput source="subject" validate={[required(), limits.subject]} fullWidth />
      <SelectInput source="priority" choices={casePriorityChoices} emptyText="tessera.cases.defaultPriority" helperText="tessera.cases.priorityHelp" />
      <SelectInput source="channel" choices={channelChoices} />
    </SimpleForm>
  </Create>
);

export default CaseCreate;
