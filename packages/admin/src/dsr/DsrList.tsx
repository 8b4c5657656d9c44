import { BooleanInput, DataTable, FunctionField, List, SelectArrayInput, TextInput } from "react-admin";
import { Countdown } from "../common/Countdown";
import { CustomerLink } from "../common/CustomerLink";
import { DateTimeField, EnumChipField, EnumField } from "../fields/fields";
import type { DataSubjectRequestItemFragment } from "../generated/graphql";
import { CursorPagination } from "../layout/CursorPagination";
import { DSR_OPEN, dsrStatusChoices, dsrStatusTones, dsrTypeChoices, jurisdictionChoices } from "./choices";

const Col = DataTable.Col<DataSubjectRequestItemFragment>;

const filters = [
  <SelectArrayInput key="status" source="status" choices={dsrStatusChoices} alwaysOn sx={{ minWidth: 200 }} />,
  <BooleanInput key="overdue" source="overdue" alwaysOn />,
  <SelectArrayInput key="type" source="type" choices={dsrTypeChoices} sx={{ minWidth: 200 }} />,
  <SelectArrayInput key="jurisdiction" source="jurisdiction" choices={jurisdictionChoices} />,
  <TextInput key="customerId" source="customerId" />,
];

const DAY = 24 * 3600 * 1000;

/** Data-subject requests, most urgent first; open ones count down to their legal due date. */
export const DsrList = () => (
  <List filters={filters} perPage={25} pagination={<CursorPagination />} exporter={false} sort={{ field: "dueAt", order: "ASC" }}>
    <DataTable rowClick="show" bulkActionButtons={false} rowSx={(row) => (row.overdue ? { backgroundColor: "rgba(211, 47, 47, 0.06)" } : {})}>
      <Col source="type">
        <EnumField source="type" enumName="DataSubjectRequestType" />
      </Col>
      <Col source="customerId" disableSort>
        <FunctionField<DataSubjectRequestItemFragment> render={(row) => <CustomerLink id={row.customerId} />} />
      </Col>
      <Col source="jurisdiction" disableSort>
        <EnumField source="jurisdiction" enumName="Jurisdiction" />
      </Col>
      <Col source="status" disableSort>
        <EnumChipField source="status" enumName="DataSubjectRequestStatus" tones={dsrStatusTones} />
      </Col>
      <Col source="receivedAt">
        <DateTimeField source="receivedAt" />
      </Col>
      <Col source="dueAt">
        <DateTimeField source="dueAt" />
      </Col>
      <Col source="overdue" label="resources.dataSubjectRequests.fields.deadline" disableSort>
        <FunctionField<DataSubjectRequestItemFragment> render={(row) => <Countdown due={row.dueAt} done={!DSR_OPEN.includes(row.status)} warnWithinMs={3 * DAY} />} />
      </Col>
      <Col source="requestedBy" disableSort />
      <Col source="fulfilledBy" disableSort />
    </DataTable>
  </List>
);
