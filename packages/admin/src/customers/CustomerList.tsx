import { DataTable, List } from "react-admin";
import { CursorPagination } from "../layout/CursorPagination";
import { DateTimeField, EnumChipField, EnumField, RegionField } from "../fields/fields";
import type { CustomerListRecord } from "../providers/dataProvider";
import { customerFilters } from "./CustomerFilters";

export const statusTones = { ACTIVE: "success", SUSPENDED: "warning", CLOSED: "default", PROSPECT: "info" } as const;

const Col = DataTable.Col<CustomerListRecord>;

export const CustomerList = () => (
  <List
    filters={customerFilters}
    sort={{ field: "createdAt", order: "DESC" }}
    perPage={25}
    pagination={<CursorPagination />}
    exporter={false}
  >
    <DataTable rowClick="show" bulkActionButtons={false}>
      <Col source="name" />
      <Col source="phone" disableSort />
      <Col source="kind" disableSort>
        <EnumField source="kind" enumName="CustomerKind" />
      </Col>
      <Col source="status" disableSort>
        <EnumChipField source="status" enumName="CustomerStatus" tones={statusTones} />
      </Col>
      <Col source="region" disableSort>
        <RegionField />
      </Col>
      <Col source="createdAt">
        <DateTimeField source="createdAt" />
      </Col>
    </DataTable>
  </List>
);
