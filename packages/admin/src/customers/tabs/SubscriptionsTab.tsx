import LinearProgress from "@mui/material/LinearProgress";
import Typography from "@mui/material/Typography";
import { lazy, Suspense } from "react";
import { ArrayField, BooleanField, DataTable, FunctionField, TextField, useRecordContext, useTranslate } from "react-admin";
import { DataVolumeField, EnumChipField, LocalDateField, MinutesField, MoneyField, MonthField, useEnumLabel } from "../../fields/fields";
import { joinList, useIntlLocale } from "../../fields/format";
import type { CustomerRecord } from "../../providers/dataProvider";

type SubscriptionRow = CustomerRecord["subscriptions"][number];
type UsageRow = CustomerRecord["usage"][number];
const SubCol = DataTable.Col<SubscriptionRow>;
const UsageCol = DataTable.Col<UsageRow>;

const subscriptionTones = { ACTIVE: "success", SUSPENDED: "warning", ENDED: "default" } as const;

const UsageChart = lazy(() => import("./UsageChart"));

/** Subscriptions and, below them, monthly usage as a chart and a table. */
export const SubscriptionsTab = () => {
  const translate = useTranslate();
  const record = useRecordContext<CustomerRecord>();
  const charted = (record?.usage ?? []).some((row) => row.billAmount != null || row.dataMb != null);
  const service = useEnumLabel("ServiceType");
  const locale = useIntlLocale();
  return (
    <>
      <ArrayField source="subscriptions">
        <DataTable bulkActionButtons={false} rowClick={false} empty={<Empty message="tessera.subscriptions.empty" />}>
          <SubCol source="plan.name" label="tessera.subscriptions.plan" />
          <SubCol source="msisdn" label="tessera.subscriptions.msisdn" />
          <SubCol source="plan.monthlyFee" label="tessera.subscriptions.monthlyFee" align="right">
            <MoneyField source="plan.monthlyFee" />
          </SubCol>
          <SubCol source="plan.services" label="tessera.subscriptions.services" disableSort>
            <FunctionField<SubscriptionRow> render={(row) => joinList(row.plan.services.map(service), locale)} />
          </SubCol>
          <SubCol source="startedOn" label="tessera.subscriptions.startedOn">
            <LocalDateField source="startedOn" />
          </SubCol>
          <SubCol source="contractEnd" label="tessera.subscriptions.contractEnd">
            <LocalDateField source="contractEnd" />
          </SubCol>
          <SubCol source="status" label="tessera.subscriptions.status">
            <EnumChipField source="status" enumName="SubscriptionStatus" tones={subscriptionTones} />
          </SubCol>
        </DataTable>
      </ArrayField>
      <Typography variant="subtitle1" sx={{ mt: 3, mb: 1 }}>
        {translate("tessera.usage.title")}
      </Typography>
      {charted && (
        <Suspense fallback={<LinearProgress sx={{ my: 2 }} />}>
          <div data-testid="usage-chart">
            <UsageChart usage={record!.usage} />
          </div>
        </Suspense>
      )}
      <ArrayField source="usage">
        <DataTable bulkActionButtons={false} rowClick={false} empty={<Empty message="tessera.usage.empty" />}>
          <UsageCol source="month" label="tessera.usage.month">
            <MonthField source="month" />
          </UsageCol>
          <UsageCol source="billAmount" label="tessera.usage.billAmount" align="right">
            <MoneyField source="billAmount" />
          </UsageCol>
          <UsageCol source="dataMb" label="tessera.usage.dataMb" align="right">
            <DataVolumeField source="dataMb" />
          </UsageCol>
          <UsageCol source="voiceMinutes" label="tessera.usage.voiceMinutes" align="right">
            <MinutesField source="voiceMinutes" />
          </UsageCol>
          <UsageCol source="smsCount" label="tessera.usage.smsCount" align="right">
            <TextField source="smsCount" />
          </UsageCol>
          <UsageCol source="paid" label="tessera.usage.paid">
            <BooleanField source="paid" />
          </UsageCol>
          <UsageCol source="arrears" label="tessera.usage.arrears" align="right">
            <MoneyField source="arrears" />
          </UsageCol>
        </DataTable>
      </ArrayField>
    </>
  );
};

export const Empty = ({ message }: { message: string }) => {
  const translate = useTranslate();
  return (
    <Typography variant="body2" color="text.secondary" sx={{ py: 2 }}>
      {translate(message)}
    </Typography>
  );
};
