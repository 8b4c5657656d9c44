import Alert from "@mui/material/Alert";
import { BooleanField, NumberField, TextField, useRecordContext, useTranslate } from "react-admin";
import { DateTimeField, EnumChipField, EnumField, LocalDateField, RegionField } from "../../fields/fields";
import type { CustomerRecord } from "../../providers/dataProvider";
import { statusTones } from "../CustomerList";
import { FieldGrid } from "./FieldGrid";

export const ProfileTab = () => {
  const record = useRecordContext<CustomerRecord>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <>
      {record.processingRestricted && (
        <Alert severity="warning" sx={{ mb: 2 }}>
          {translate("resources.customers.fields.processingRestricted")}
        </Alert>
      )}
      <FieldGrid>
        <TextField source="name" />
        <EnumField source="kind" enumName="CustomerKind" />
        <EnumChipField source="status" enumName="CustomerStatus" tones={statusTones} />
        <TextField source="phone" />
        <TextField source="email" />
        <TextField source="nationalId" />
        <LocalDateField source="birthDate" />
        <EnumField source="gender" enumName="Gender" />
        <TextField source="occupation" />
        <RegionField source="region" />
        <TextField source="city" />
        <TextField source="address" />
        <TextField source="language" />
        <EnumField source="specialCare" enumName="SpecialCareFlag" />
        <NumberField source="securityLevel" />
        <TextField source="accountManager" />
        <BooleanField source="processingRestricted" />
        <DateTimeField source="createdAt" />
        <DateTimeField source="updatedAt" />
        {record.erasedAt ? <DateTimeField source="erasedAt" /> : null}
      </FieldGrid>
    </>
  );
};
