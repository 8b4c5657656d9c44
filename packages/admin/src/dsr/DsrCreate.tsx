import { FIELD_LIMITS } from "@tessera/schema/limits";
import { Create, DateTimeInput, SelectInput, SimpleForm, TextInput, required } from "react-admin";
import { lengthValidators } from "../common/limits";
import { dsrTypeChoices, jurisdictionChoices } from "./choices";

const limits = lengthValidators(FIELD_LIMITS.DataSubjectRequest);

/** Records a customer's request; the due date follows from the jurisdiction (GDPR 30 days, PIPL 15 working days). */
const DsrCreate = () => (
  <Create redirect="show">
    <SimpleForm defaultValues={{ type: "ACCESS", jurisdiction: "PIPL" }} warnWhenUnsavedChanges>
      <TextInput source="customerId" validate={required()} sx={{ minWidth: 360 }} />
      <SelectInput source="type" choices={dsrTypeChoices} validate={required()} />
      <SelectInput source="jurisdiction" choices={jurisdictionChoices} validate={required()} helperText="tessera.dsr.jurisdictionHelp" />
      <DateTimeInput source="receivedAt" helperText="tessera.dsr.receivedAtHelp" />
      <TextInput source="notes" multiline minRows={2} fullWidth validate={limits.notes} />
    </SimpleForm>
  </Create>
);

export default DsrCreate;
