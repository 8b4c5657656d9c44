import Chip from "@mui/material/Chip";
import Typography from "@mui/material/Typography";
import { ArrayField, DataTable, FunctionField, TextField, useTranslate } from "react-admin";
import { DateTimeField, EnumChipField, EnumField, useEnumLabel } from "../../fields/fields";
import type { CustomerRecord } from "../../providers/dataProvider";
import { Empty } from "./SubscriptionsTab";

type StateRow = CustomerRecord["consents"][number];
type EventRow = CustomerRecord["consentHistory"][number];
const StateCol = DataTable.Col<StateRow>;
const EventCol = DataTable.Col<EventRow>;

const consentTones = { GRANTED: "success", DENIED: "error", WITHDRAWN: "warning" } as const;

/** A null channel means the decision covers every channel (marketing) or that channels do not apply. */
const ChannelField = () => {
  const translate = useTranslate();
  const channel = useEnumLabel("ContactChannel");
  return (
    <FunctionField<StateRow | EventRow>
      render={(row) => (row.channel ? channel(row.channel) : row.purpose === "MARKETING" ? translate("tessera.consents.allChannels") : "—")}
    />
  );
};

export const ConsentsTab = () => {
  const translate = useTranslate();
  return (
    <>
      <Typography variant="subtitle1" sx={{ mb: 1 }}>
        {translate("tessera.consents.current")}
      </Typography>
      <ArrayField source="consents" sort={{ field: "purpose", order: "ASC" }}>
        <DataTable bulkActionButtons={false} rowClick={false} empty={<Empty message="tessera.consents.empty" />}>
          <StateCol source="purpose" label="tessera.consents.purpose">
            <EnumField source="purpose" enumName="Purpose" />
          </StateCol>
          <StateCol source="channel" label="tessera.consents.channel">
            <ChannelField />
          </StateCol>
          <StateCol source="granted" label="tessera.consents.granted">
            <FunctionField<StateRow>
              render={(row) => (
                <>
                  <Chip
                    size="small"
                    color={row.granted ? "success" : "default"}
                    label={translate(row.granted ? "ra.boolean.true" : "ra.boolean.false")}
                  />
                  {row.expired && <Chip size="small" variant="outlined" color="warning" sx={{ ml: 1 }} label={translate("tessera.consents.expired")} />}
                </>
              )}
            />
          </StateCol>
          <StateCol source="status" label="tessera.consents.status">
            <EnumChipField source="status" enumName="ConsentStatus" tones={consentTones} />
          </StateCol>
          <StateCol source="expiresAt" label="tessera.consents.expiresAt">
            <DateTimeField source="expiresAt" />
          </StateCol>
          <StateCol source="capturedAt" label="tessera.consents.capturedAt">
            <DateTimeField source="capturedAt" />
          </StateCol>
          <StateCol source="source" label="tessera.consents.source">
            <EnumField source="source" enumName="ConsentSource" />
          </StateCol>
          <StateCol source="policyVersion" label="tessera.consents.policyVersion" />
        </DataTable>
      </ArrayField>

      <Typography variant="subtitle1" sx={{ mt: 3, mb: 1 }}>
        {translate("tessera.consents.ledger")}
      </Typography>
      <ArrayField source="consentHistory" sort={{ field: "capturedAt", order: "DESC" }}>
        <DataTable bulkActionButtons={false} rowClick={false} empty={<Empty message="tessera.consents.empty" />}>
          <EventCol source="capturedAt" label="tessera.consents.capturedAt">
            <DateTimeField source="capturedAt" />
          </EventCol>
          <EventCol source="purpose" label="tessera.consents.purpose">
            <EnumField source="purpose" enumName="Purpose" />
          </EventCol>
          <EventCol source="channel" label="tessera.consents.channel">
            <ChannelField />
          </EventCol>
          <EventCol source="status" label="tessera.consents.status">
            <EnumChipField source="status" enumName="ConsentStatus" tones={consentTones} />
          </EventCol>
          <EventCol source="legalBasis" label="tessera.consents.legalBasis">
            <EnumField source="legalBasis" enumName="LegalBasis" />
          </EventCol>
          <EventCol source="source" label="tessera.consents.source">
            <EnumField source="source" enumName="ConsentSource" />
          </EventCol>
          <EventCol source="policyVersion" label="tessera.consents.policyVersion" />
          <EventCol source="expiresAt" label="tessera.consents.expiresAt">
            <DateTimeField source="expiresAt" />
          </EventCol>
          <EventCol source="recordedBy" label="tessera.consents.recordedBy">
            <TextField source="recordedBy" />
          </EventCol>
        </DataTable>
      </ArrayField>
    </>
  );
};
