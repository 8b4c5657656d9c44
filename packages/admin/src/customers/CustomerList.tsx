import type { CatalogType } from "@tessera/schema/catalog";
import { DataTable, FilterButton, FunctionField, List, TopToolbar, useResourceDefinition } from "react-admin";
import { ExportCsvButton } from "../common/ExportCsvButton";
import { InlineCreateButton } from "../common/InlineCreateButton";
import { shortId } from "../common/CustomerLink";
import { DateTimeField, EnumChipField, EnumField, RegionField } from "../fields/fields";
import type { Role } from "../generated/graphql";
import { CUSTOMER_SORT_FIELDS, type CustomerListRecord } from "../providers/dataProvider";
import { PSEUDONYMOUS_ROLES, roleReadsInFull, useRole } from "../providers/roles";
import { CursorPagination } from "../layout/CursorPagination";
import { churnLevelTones, valueTierTones } from "./choices";
import { customerFilters } from "./CustomerFilters";

export const statusTones = { ACTIVE: "success", SUSPENDED: "warning", CLOSED: "default", PROSPECT: "info" } as const;

const Col = DataTable.Col<CustomerListRecord>;

/**
 * The catalog field each API-sortable column orders by (the API's CUSTOMERS_READS, "orderBy.field:…"):
 * an order on a field reveals it, so the API refuses it to a role that does not read it in full.
 */
const SORT_READS: Record<keyof typeof CUSTOMER_SORT_FIELDS, readonly [CatalogType, string] | null> = {
  createdAt: null,
  updatedAt: null,
  name: ["Customer", "name"],
  "insight.valueTier": ["Insight", "valueTier"],
  "insight.churnRisk.score": ["Insight", "churnRisk"],
  "insight.lifecycleStage": ["Insight", "lifecycleStage"],
};

/** A column is offered as sortable only when the API sorts on it and the role may read what it sorts. */
export function sortable(role: Role | undefined, source: string): boolean {
  if (!(source in CUSTOMER_SORT_FIELDS)) return false;
  const read = SORT_READS[source];
  return !read || roleReadsInFull(role, read[0], read[1] as never);
}

/** The list's toolbar: react-admin's filter and create buttons, and the CSV export through the API's export path. */
const CustomerListActions = () => {
  const { hasCreate } = useResourceDefinition();
  return (
    <TopToolbar>
      <FilterButton />
      {hasCreate && <InlineCreateButton />}
      <ExportCsvButton entity="customers" />
    </TopToolbar>
  );
};

/**
 * Customers, newest first. Roles that read no direct identifiers (analysts, auditors) get the
 * pseudonymous id instead of name and phone, and no search on them (the API would refuse it);
 * stored insight shows to the roles that read it. Only columns the API sorts on, for the role, sort.
 */
export const CustomerList = () => {
  const { role } = useRole();
  const pseudonymous = !!role && PSEUDONYMOUS_ROLES.includes(role);
  const insight = roleReadsInFull(role, "Insight", "valueTier");
  const noSort = (source: string) => !sortable(role, source);
  return (
    <List
      filters={customerFilters(role, pseudonymous)}
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
          <Col source="name" disableSort={noSort("name")} />
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
        {insight && (
          <Col source="insight.valueTier" label="resources.customers.fields.valueTier" disableSort={noSort("insight.valueTier")}>
            <EnumChipField source="insight.valueTier" enumName="ValueTier" tones={valueTierTones} />
          </Col>
        )}
        {insight && (
          <Col source="insight.churnRisk.score" label="resources.customers.fields.churnScore" disableSort={noSort("insight.churnRisk.score")}>
            <FunctionField<CustomerListRecord>
              render={(row) => (row.insight?.churnRisk ? <ChurnCell score={row.insight.churnRisk.score} /> : null)}
            />
          </Col>
        )}
        {insight && (
          <Col source="insight.lifecycleStage" label="resources.customers.fields.lifecycleStage" disableSort={noSort("insight.lifecycleStage")}>
            <EnumField source="insight.lifecycleStage" enumName="LifecycleStage" />
          </Col>
        )}
        <Col source="createdAt" disableSort={noSort("createdAt")}>
          <DateTimeField source="createdAt" />
        </Col>
      </DataTable>
    </List>
  );
};

/** The churn score with its level as a chip, so a sorted column reads at a glance. */
const ChurnCell = ({ score }: { score: number }) => (
  <span style={{ display: "inline-flex", alignItems: "center", gap: 6, whiteSpace: "nowrap" }}>
    <span style={{ minWidth: "2ch", textAlign: "right" }}>{score}</span>
    <EnumChipField source="insight.churnRisk.level" enumName="ChurnLevel" tones={churnLevelTones} />
  </span>
);
