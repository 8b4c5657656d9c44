import Typography from "@mui/material/Typography";
import { ArrayField, DataTable, TextField, useRecordContext, useTranslate } from "react-admin";
import { DateTimeField, EnumField } from "../../fields/fields";
import type { CustomerRecord } from "../../providers/dataProvider";
import { Empty } from "./SubscriptionsTab";

type InteractionRow = CustomerRecord["interactions"][number];
const Col = DataTable.Col<InteractionRow>;

/** The latest 20 interactions across all channels, so an agent sees what the customer already told us. */
export const InteractionsTab = () => {
  const record = useRecordContext<CustomerRecord>();
  const translate = useTranslate();
  return (
    <>
      {record && record.interactionCount > 0 && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {translate("tessera.interactions.latest", { count: record.interactions.length, total: record.interactionCount })}
        </Typography>
      )}
      <ArrayField source="interactions">
        <DataTable bulkActionButtons={false} rowClick={false} empty={<Empty message="tessera.interactions.empty" />}>
          <Col source="occurredAt" label="tessera.interactions.occurredAt">
            <DateTimeField source="occurredAt" />
          </Col>
          <Col source="channel" label="tessera.interactions.channel">
            <EnumField source="channel" enumName="InteractionChannel" />
          </Col>
          <Col source="type" label="tessera.interactions.type">
            <EnumField source="type" enumName="InteractionType" />
          </Col>
          <Col source="summary" label="tessera.interactions.summary" disableSort>
            <TextField source="summary" sx={{ display: "block", maxWidth: 420 }} />
          </Col>
          <Col source="agent" label="tessera.interactions.agent" />
          <Col source="outcome" label="tessera.interactions.outcome" disableSort />
        </DataTable>
      </ArrayField>
    </>
  );
};
