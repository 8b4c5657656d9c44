import { BooleanInput, DataTable, FunctionField, List, SelectArrayInput, TextInput } from "react-admin";
import { Countdown } from "../common/Countdown";
import { CustomerLink } from "../common/CustomerLink";
import { DateTimeField, EnumChipField, EnumField } from "../fields/fields";
import type { CaseItemFragment } from "../generated/graphql";
import { CursorPagination } from "../layout/CursorPagination";
import { CaseOwnerField } from "./CaseOwnerField";
import { caseCategoryChoices, caseKindChoices, casePriorityTones, caseStatusChoices, caseStatusTones, DONE_STATUSES, OPEN_STATUSES } from "./choices";

const Col = DataTable.Col<CaseItemFragment>;

const filters = [
  <SelectArrayInput key="status" source="status" choices={caseStatusChoices} alwaysOn sx={{ minWidth: 220 }} />,
  <BooleanInput key="overdue" source="overdue" alwaysOn />,
  <SelectArrayInput key="kind" source="kind" choices={caseKindChoices} sx={{ minWidth: 180 }} />,
  <SelectArrayInput key="category" source="category" choices={caseCategoryChoices} sx={{ minWidth: 180 }} />,
  <TextInput key="owner" source="owner" />,
  <TextInput key="customerId" source="customerId" />,
];

/** The case queue, soonest due first (the API's order), with the SLA as a countdown. */
export const CaseList = () => (
  <List filters={filters} filterDefaultValues={{ status: OPEN_STATUSES }} perPage={25} pagination={<CursorPagination />} exporter={false} sort={{ field: "dueAt", order: "ASC" }}>
    <DataTable rowClick="show" bulkActionButtons={false} rowSx={(row) => (row.overdue ? { backgroundColor: "rgba(211, 47, 47, 0.06)" } : {})}>
      <Col source="dueAt" label="resources.cases.fields.sla" disableSort>
        <FunctionField<CaseItemFragment> render={(row) => <Countdown due={row.dueAt} done={DONE_STATUSES.includes(row.status)} />} />
      </Col>
      <Col source="subject" disableSort />
      <Col source="customerId" disableSort>
        <FunctionField<CaseItemFragment> render={(row) => <CustomerLink id={row.customerId} name={row.customer?.name} />} />
      </Col>
      <Col source="kind" disableSort>
        <EnumField source="kind" enumName="CaseKind" />
      </Col>
      <Col source="category" disableSort>
        <EnumField source="category" enumName="CaseCategory" />
      </Col>
      <Col source="priority" disableSort>
        <EnumChipField source="priority" enumName="CasePriority" tones={casePriorityTones} />
      </Col>
      <Col source="status" disableSort>
        <EnumChipField source="status" enumName="CaseStatus" tones={caseStatusTones} />
      </Col>
      <Col source="owner" disableSort>
        <CaseOwnerField />
      </Col>
      <Col source="openedAt" disableSort>
        <DateTimeField source="openedAt" />
      </Col>
    </DataTable>
  </List>
);
