import Chip from "@mui/material/Chip";
import { BooleanInput, DataTable, FunctionField, List, NumberInput, SelectArrayInput, SelectInput, useTranslate } from "react-admin";
import { CustomerLink } from "../common/CustomerLink";
import { enumChoices } from "../customers/choices";
import { LocalDateField, EnumChipField } from "../fields/fields";
import { CareTaskKind, type CareTasksQuery } from "../generated/graphql";
import { CursorPagination } from "../layout/CursorPagination";
import { useRole } from "../providers/roles";
import { useAssigneeChoices } from "./assignees";
import { useCareTaskText } from "./careTaskText";
import { CareTaskWork } from "./CareTaskWork";

type CareTaskRow = CareTasksQuery["careTasks"]["edges"][number]["node"];
const Col = DataTable.Col<CareTaskRow>;

const AssigneeFilter = (props: { source: string; alwaysOn?: boolean }) => <SelectInput {...props} choices={useAssigneeChoices()} sx={{ minWidth: 160 }} />;

const filters = [
  <SelectArrayInput key="kind" source="kind" choices={enumChoices(CareTaskKind, "CareTaskKind")} alwaysOn sx={{ minWidth: 220 }} />,
  <NumberInput key="dueWithinDays" source="dueWithinDays" min={0} alwaysOn />,
  <AssigneeFilter key="assignee" source="assignee" />,
  <BooleanInput key="snoozed" source="snoozed" />,
];

const kindTones = { BIRTHDAY: "info", HOLIDAY_GREETING: "info", CONTRACT_ENDING: "warning", DATA_QUOTA: "primary", SPECIAL_CARE: "secondary", HIGH_CHURN_RISK: "error" } as const;

const MarketingChip = ({ row }: { row: CareTaskRow }) => {
  const translate = useTranslate();
  return row.marketing ? <Chip size="small" variant="outlined" label={translate("tessera.careTasks.marketing")} /> : null;
};

const ReasonField = () => {
  const text = useCareTaskText();
  return <FunctionField<CareTaskRow> render={(row) => text.reason(row) ?? "—"} />;
};

const ActionField = () => {
  const text = useCareTaskText();
  return (
    <FunctionField<CareTaskRow>
      render={(row) => (
        <>
          {text.action(row)} <MarketingChip row={row} />
        </>
      )}
    />
  );
};

const AssigneeField = () => {
  const translate = useTranslate();
  return (
    <FunctionField<CareTaskRow>
      render={(row) => (
        <>
          {row.assignee ?? "—"}
          {row.snoozedUntil && <Chip size="small" variant="outlined" sx={{ ml: 0.5 }} label={translate("tessera.careTasks.work.snoozedUntil", { day: row.snoozedUntil })} />}
        </>
      )}
    />
  );
};

/**
 * Proactive care due now, soonest first; offers appear only with marketing consent and under the
 * contact cap. The service desk works each task from its row (complete, snooze, assign).
 */
export const CareTaskList = () => {
  const { can } = useRole();
  return (
  <List filters={filters} perPage={25} pagination={<CursorPagination />} exporter={false} sort={{ field: "dueOn", order: "ASC" }}>
    <DataTable bulkActionButtons={false} rowClick={false}>
      {/* First, so the work menu stays in reach when the queue is narrower than its columns (800 px). */}
      {can("careTask.work") && (
        <Col source="work" label="" disableSort>
          <FunctionField<CareTaskRow> render={(row) => <CareTaskWork task={row} />} />
        </Col>
      )}
      <Col source="dueOn" disableSort>
        <LocalDateField source="dueOn" />
      </Col>
      <Col source="kind" disableSort>
        <EnumChipField source="kind" enumName="CareTaskKind" tones={kindTones} />
      </Col>
      <Col source="customerId" disableSort>
        <FunctionField<CareTaskRow> render={(row) => <CustomerLink id={row.customerId} name={row.customer?.name} />} />
      </Col>
      <Col source="reason" disableSort>
        <ReasonField />
      </Col>
      <Col source="suggestedAction" disableSort>
        <ActionField />
      </Col>
      <Col source="assignee" disableSort>
        <AssigneeField />
      </Col>
    </DataTable>
  </List>
  );
};
