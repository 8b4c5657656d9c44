import { DataTable, FunctionField, List } from "react-admin";
import { DateTimeField } from "../fields/fields";
import type { SegmentItemFragment } from "../generated/graphql";
import { CursorPagination } from "../layout/CursorPagination";
import { useDescribe } from "./SegmentShow";

const Col = DataTable.Col<SegmentItemFragment>;

const Definition = ({ row }: { row: SegmentItemFragment }) => {
  const describe = useDescribe();
  return <span style={{ fontSize: 13 }}>{describe(row.definition)}</span>;
};

/** Stored segments, newest first, with their member count at the last refresh. */
export const SegmentList = () => {
  return (
    <List perPage={25} pagination={<CursorPagination />} exporter={false} sort={{ field: "createdAt", order: "DESC" }}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <Col source="name" disableSort />
        <Col source="memberCount" disableSort align="right">
          <FunctionField<SegmentItemFragment> render={(row) => row.memberCount?.toLocaleString() ?? "—"} />
        </Col>
        <Col source="definition" disableSort>
          <FunctionField<SegmentItemFragment> render={(row) => <Definition row={row} />} />
        </Col>
        <Col source="refreshedAt" disableSort>
          <DateTimeField source="refreshedAt" />
        </Col>
        <Col source="createdBy" disableSort />
      </DataTable>
    </List>
  );
};
