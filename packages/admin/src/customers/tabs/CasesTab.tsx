import Chip from "@mui/material/Chip";
import { ArrayField, DataTable, FunctionField, useTranslate } from "react-admin";
import { DateTimeField, EnumChipField, EnumField } from "../../fields/fields";
import type { CustomerRecord } from "../../providers/dataProvider";
import { Empty } from "./SubscriptionsTab";

type CaseRow = CustomerRecord["cases"][number];
const Col = DataTable.Col<CaseRow>;

const statusTones = { OPEN: "info", ASSIGNED: "info", IN_PROGRESS: "primary", RESOLVED: "success", CLOSED: "default", REOPENED: "warning" } as const;
const priorityTones = { URGENT: "error", HIGH: "warning", MEDIUM: "default", LOW: "default" } as const;

export const CasesTab = () => {
  const translate = useTranslate();
  return (
    <ArrayField source="cases">
      <DataTable
        bulkActionButtons={false}
        rowClick={(id) => `/cases/${id}/show`}
        empty={<Empty message="tessera.cases.empty" />}
        rowSx={(row) => (row.overdue ? { backgroundColor: "rgba(211, 47, 47, 0.06)" } : {})}
      >
        <Col source="subject" label="tessera.cases.subject" />
        <Col source="kind" label="tessera.cases.kind">
          <EnumField source="kind" enumName="CaseKind" />
        </Col>
        <Col source="category" label="tessera.cases.category">
          <EnumField source="category" enumName="CaseCategory" />
        </Col>
        <Col source="priority" label="tessera.cases.priority">
          <EnumChipField source="priority" enumName="CasePriority" tones={priorityTones} />
        </Col>
        <Col source="status" label="tessera.cases.status">
          <EnumChipField source="status" enumName="CaseStatus" tones={statusTones} />
        </Col>
        <Col source="owner" label="tessera.cases.owner" />
        <Col source="openedAt" label="tessera.cases.openedAt">
          <DateTimeField source="openedAt" />
        </Col>
        <Col source="dueAt" label="tessera.cases.dueAt">
          <FunctionField<CaseRow>
            render={(row) => (
              <>
                <DateTimeField source="dueAt" />
                {row.overdue && <Chip size="small" color="error" sx={{ ml: 1 }} label={translate("tessera.cases.overdue")} />}
              </>
            )}
          />
        </Col>
        <Col source="resolvedAt" label="tessera.cases.resolvedAt">
          <DateTimeField source="resolvedAt" />
        </Col>
      </DataTable>
    </ArrayField>
  );
};
