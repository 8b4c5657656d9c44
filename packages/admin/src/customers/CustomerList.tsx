import { CreateButton, DataTable, FilterButton, FunctionField, List, TopToolbar, useResourceDefinition } from "react-admin";
import { ExportCsvButton } from "../common/ExportCsvButton";
import { shortId } from "../common/CustomerLink";
import { DateTimeField, EnumChipField, EnumField, RegionField } from "../fields/fields";
import type { CustomerListRecord } from "../providers/dataProvider";
import { PSEUDONYMOUS_ROLES, useRole } from "../providers/roles";
import { CursorPagination } from "../layout/CursorPagination";
import { customerFilters, pseudonymousFilters } from "./CustomerFilters";

export const statusTones = { ACTIVE: "success", SUSPENDED: "warning", CLOSED: "default", PROSPECT: "info" } as const;

const Col = DataTable.Col<CustomerListRecord>;

/** The list's toolbar: react-admin's filter and create buttons, and the CSV export through the API's export path. */
const CustomerListActions = () => {
  const { hasCreate } = useResourceDefinition();
  return (
    <TopToolbar>
      <FilterButton />
      {hasCreate && <CreateButton />}
      <ExportCsvButton entity="customers" />
    </TopToolbar>
  );
};

/**
 * Customers, newest first. Roles that read no direct identifiers (analysts, auditors) get the
 * pseudonymous id instead of name and phone, and no search on them (the API would refuse it).
 */
export const CustomerList = () => {
  const { role } = useRole();
  const pseudonymous = !!role && PSEUDONYMOUS_ROLES.includes(role);
  return (
    <List
      filters={pseudonymous ? pseudonymousFilters : customerFilters}
      sort={{ field: "createdAt", order: "DESC" }}
      perPage={25}
      pagination={<CursorPagination />}
      exporter={false}
      actions={<CustomerListActions />}
    >
      <DataTable rowClick="show" bulkActionButtons={false}>
        {pseudonymous ? (
          <Col source="id" disableSort>
            <FunctionField<CustomerListRecord> render={(row) => <span style={{ fontFamily: "monospace" }} title={row.id}>{shortId(row.id)}</span>} />
          </Col>
        ) : (
          <Col source="name" />
        )}
        {pseudonymous ? null : <Col source="phone" disableSort />}
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
};
