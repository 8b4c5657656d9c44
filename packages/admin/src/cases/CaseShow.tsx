import Box from "@mui/material/Box";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Typography from "@mui/material/Typography";
import { FunctionField, NumberField, Show, SimpleShowLayout, TextField, useRecordContext, useTranslate } from "react-admin";
import { Countdown } from "../common/Countdown";
import { CustomerLink } from "../common/CustomerLink";
import { Timeline } from "../common/Timeline";
import { DateTimeField, EnumChipField, EnumField, useEnumLabel } from "../fields/fields";
import type { CaseDetailFragment } from "../generated/graphql";
import { FieldGrid } from "../customers/tabs/FieldGrid";
import { CaseOwnerField } from "./CaseOwnerField";
import { CaseTransitions } from "./CaseTransitions";
import { casePriorityTones, caseStatusTones, DONE_STATUSES } from "./choices";

const History = () => {
  const record = useRecordContext<CaseDetailFragment>();
  const translate = useTranslate();
  const status = useEnumLabel("CaseStatus");
  if (!record) return null;
  return (
    <Timeline
      items={[...(record.history ?? [])].reverse().map((step, i) => ({
        key: String(i),
        at: step.at,
        title: `${step.action === "OPEN" ? translate("tessera.cases.opened") : translate(`tessera.enums.CaseAction.${step.action}`, { _: step.action })}: ${step.from ? `${status(step.from)} → ` : ""}${status(step.to)}`,
        body: step.note ?? undefined,
        meta: step.by,
      }))}
    />
  );
};

/** A case: its SLA, the closed loop's actions allowed now, and the history of transitions. */
const CaseShow = () => {
  const translate = useTranslate();
  return (
    <Show>
      <SimpleShowLayout>
        <FunctionField<CaseDetailFragment>
          label={false}
          render={(row) => (
            <Box sx={{ display: "flex", alignItems: "center", gap: 2, flexWrap: "wrap" }}>
              <Typography variant="h6">{row.subject}</Typography>
              <Countdown due={row.dueAt} done={DONE_STATUSES.includes(row.status)} />
              <Box sx={{ flex: 1 }} />
              <CaseTransitions />
            </Box>
          )}
        />
        <FieldGrid>
          <FunctionField<CaseDetailFragment> source="customerId" render={(row) => <CustomerLink id={row.customerId} name={row.customer?.name} />} />
          <EnumField source="kind" enumName="CaseKind" />
          <EnumField source="category" enumName="CaseCategory" />
          <EnumChipField source="priority" enumName="CasePriority" tones={casePriorityTones} />
          <EnumChipField source="status" enumName="CaseStatus" tones={caseStatusTones} />
          <EnumField source="source" enumName="CaseSource" />
          <CaseOwnerField source="owner" />
          <TextField source="assignee" emptyText="—" />
          <DateTimeField source="openedAt" />
          <DateTimeField source="responseDueAt" />
          <DateTimeField source="firstResponseAt" />
          <DateTimeField source="eta" />
          <DateTimeField source="dueAt" />
          <NumberField source="progressContacts" />
          <NumberField source="escalationLevel" />
          <FunctionField<CaseDetailFragment>
            source="breachedClocks"
            // The list's row stands in for the record until the detail query answers: it has no breachedClocks yet.
            render={(row) => (row.breachedClocks ?? []).map((c) => translate(`tessera.enums.CaseClock.${c}`)).join("、") || "—"}
          />
          <DateTimeField source="resolvedAt" />
          <DateTimeField source="closedAt" />
          <FunctionField<CaseDetailFragment> source="rootCause" render={(row) => (row.rootCause ? translate(`tessera.enums.CaseCategory.${row.rootCause}`, { _: row.rootCause }) : "")} />
          <TextField source="resolution" />
          <NumberField source="satisfaction" />
        </FieldGrid>
        <Card variant="outlined" sx={{ width: "100%" }}>
          <CardContent>
            <Typography variant="subtitle1" gutterBottom>
              {translate("tessera.cases.history")}
            </Typography>
            <History />
          </CardContent>
        </Card>
      </SimpleShowLayout>
    </Show>
  );
};

export default CaseShow;
