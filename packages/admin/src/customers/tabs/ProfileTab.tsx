import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Typography from "@mui/material/Typography";
import type { ReactNode } from "react";
import { useRecordContext, useTranslate } from "react-admin";
import { shortId } from "../../common/CustomerLink";
import { DateTimeField, EnumChipField, EnumField, LocalDateField, RegionField } from "../../fields/fields";
import { PersonalValue, RedactionSummary } from "../../fields/privacy";
import type { CustomerRecord } from "../../providers/dataProvider";
import { statusTones } from "../CustomerList";

type Field = keyof CustomerRecord & string;

const Text = ({ value }: { value: unknown }) => (
  <Typography component="span" variant="body2">
    {value == null || value === "" ? "—" : String(value)}
  </Typography>
);

/** The profile: each personal field with its catalog badge, and a lock where the API masked it for this role. */
export const ProfileTab = () => {
  const record = useRecordContext<CustomerRecord>();
  const translate = useTranslate();
  if (!record) return null;
  const item = (field: Field, value?: ReactNode) => (
    <PersonalValue key={field} type="Customer" field={field} label={`resources.customers.fields.${field}`} redactions={record.redactions}>
      {value ?? <Text value={record[field]} />}
    </PersonalValue>
  );
  return (
    <>
      {record.processingRestricted && (
        <Alert severity="warning" sx={{ mb: 2 }}>
          {translate("tessera.customer.restricted")}
        </Alert>
      )}
      {record.erasedAt && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {translate("tessera.customer.erased")}
        </Alert>
      )}
      <RedactionSummary redactions={record.redactions} types={["Customer"]} />
      <Box sx={{ display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(220px, 1fr))", gap: 2, width: "100%" }}>
        {item("id", <Typography variant="body2" sx={{ fontFamily: "monospace" }} title={record.id}>{shortId(record.id)}</Typography>)}
        {item("name")}
        {item("kind", <EnumField source="kind" enumName="CustomerKind" />)}
        {item("status", <EnumChipField source="status" enumName="CustomerStatus" tones={statusTones} />)}
        {item("phone")}
        {item("email")}
        {item("nationalId")}
        {item("birthDate", record.birthDate ? <LocalDateField source="birthDate" /> : undefined)}
        {item("gender", record.gender ? <EnumField source="gender" enumName="Gender" /> : undefined)}
        {item("occupation")}
        {item("region", record.region ? <RegionField source="region" /> : undefined)}
        {item("city")}
        {item("address")}
        {item("language")}
        {item("specialCare", record.specialCare?.length ? <EnumField source="specialCare" enumName="SpecialCareFlag" /> : undefined)}
        {item("securityLevel")}
        {item("accountManager")}
        {item("processingRestricted", <Text value={translate(record.processingRestricted ? "ra.boolean.true" : "ra.boolean.false")} />)}
        {item("createdAt", <DateTimeField source="createdAt" />)}
        {item("updatedAt", <DateTimeField source="updatedAt" />)}
        {record.erasedAt ? item("erasedAt", <DateTimeField source="erasedAt" />) : null}
      </Box>
    </>
  );
};
