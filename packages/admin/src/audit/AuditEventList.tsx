import Box from "@mui/material/Box";
import Chip from "@mui/material/Chip";
import Typography from "@mui/material/Typography";
import { DataTable, DateInput, FunctionField, List, SelectInput, TextInput, useRecordContext, useTranslate } from "react-admin";
import { CustomerLink } from "../common/CustomerLink";
import { enumChoices } from "../customers/choices";
import { DateTimeField, EnumField, useEnumLabel } from "../fields/fields";
import { AuditAction, Purpose, type AuditEventItemFragment } from "../generated/graphql";
import { CursorPagination } from "../layout/CursorPagination";
import { ChainBanner } from "./ChainBanner";

const Col = DataTable.Col<AuditEventItemFragment>;

const filters = [
  <TextInput key="customerId" source="customerId" alwaysOn sx={{ minWidth: 300 }} />,
  <TextInput key="principal" source="principal" alwaysOn helperText="tessera.audit.principalHelp" />,
  <SelectInput key="purpose" source="purpose" choices={enumChoices(Purpose, "Purpose")} alwaysOn />,
  <DateInput key="from" source="from" alwaysOn />,
  <DateInput key="to" source="to" alwaysOn />,
  <SelectInput key="action" source="action" choices={enumChoices(AuditAction, "AuditAction")} />,
];

const actionTones: Record<string, "default" | "info" | "warning" | "error" | "success"> = {
  READ: "default",
  CREATE: "success",
  UPDATE: "info",
  DELETE: "error",
  ERASE: "error",
  EXPORT: "warning",
  LOGIN: "default",
  LOGIN_FAILED: "warning",
  ADMIN: "info",
};

/** Details of one event: every customer and field it names, the write's hashed changes, its chain link. */
const EventDetail = () => {
  const event = useRecordContext<AuditEventItemFragment>();
  const translate = useTranslate();
  if (!event) return null;
  return (
    <Box sx={{ p: 1, display: "grid", gap: 1, gridTemplateColumns: "max-content 1fr", alignItems: "baseline" }}>
      <Typography variant="caption" color="text.secondary">{translate("resources.auditEvents.fields.customerIds")}</Typography>
      <Box sx={{ display: "flex", flexWrap: "wrap", gap: 1 }}>
        {event.customerIds.map((id) => (
          <CustomerLink key={id} id={id} />
        ))}
      </Box>
      <Typography variant="caption" color="text.secondary">{translate("resources.auditEvents.fields.fields")}</Typography>
      <Box sx={{ display: "flex", flexWrap: "wrap", gap: 0.5 }}>
        {event.fields.map((f) => (
          <Chip key={f} size="small" variant="outlined" label={f} sx={{ fontFamily: "monospace" }} />
        ))}
      </Box>
      {event.changes != null && (
        <>
          <Typography variant="caption" color="text.secondary">{translate("resources.auditEvents.fields.changes")}</Typography>
          <Box component="pre" sx={{ m: 0, fontSize: 12, whiteSpace: "pre-wrap", wordBreak: "break-all" }}>
            {JSON.stringify(event.changes, null, 2)}
          </Box>
        </>
      )}
      <Typography variant="caption" color="text.secondary">{translate("resources.auditEvents.fields.requestId")}</Typography>
      <Typography variant="body2" sx={{ fontFamily: "monospace" }}>{event.requestId}</Typography>
      <Typography variant="caption" color="text.secondary">{translate("resources.auditEvents.fields.hash")}</Typography>
      <Typography variant="body2" sx={{ fontFamily: "monospace", wordBreak: "break-all" }}>{event.hash}</Typography>
    </Box>
  );
};

/** The audit trail, newest first, filtered by customer, principal, purpose and time. */
export const AuditEventList = () => (
  <List filters={filters} perPage={25} pagination={<CursorPagination />} exporter={false} sort={{ field: "seq", order: "DESC" }} aside={undefined}>
    <ChainBanner />
    <DataTable bulkActionButtons={false} rowClick="expand" expand={<EventDetail />} expandSingle>
      <Col source="seq" disableSort align="right" />
      <Col source="occurredAt" disableSort>
        <DateTimeField source="occurredAt" />
      </Col>
      <Col source="principal" disableSort>
        <FunctionField<AuditEventItemFragment>
          render={(row) => (
            <Box>
              <Typography variant="body2" sx={{ fontFamily: "monospace" }}>{row.principal}</Typography>
              {row.role && (
                <RoleText role={row.role} />
              )}
            </Box>
          )}
        />
      </Col>
      <Col source="action" disableSort>
        <FunctionField<AuditEventItemFragment> render={(row) => <ActionChip action={row.action} />} />
      </Col>
      <Col source="purpose" disableSort>
        <EnumField source="purpose" enumName="Purpose" />
      </Col>
      <Col source="operation" disableSort>
        <FunctionField<AuditEventItemFragment> render={(row) => <Typography variant="body2" sx={{ fontFamily: "monospace", wordBreak: "break-word" }}>{row.operation.split(",").join(", ")}</Typography>} />
      </Col>
      <Col source="customerIds" disableSort>
        <FunctionField<AuditEventItemFragment>
          render={(row) => (
            <>
              {row.customerIds.slice(0, 2).map((id) => (
                <Box key={id} component="span" sx={{ mr: 1 }}>
                  <CustomerLink id={id} />
                </Box>
              ))}
              {row.customerIds.length > 2 && <Typography variant="caption" color="text.secondary">+{row.customerIds.length - 2}</Typography>}
            </>
          )}
        />
      </Col>
      <Col source="fields" disableSort>
        <FunctionField<AuditEventItemFragment> render={(row) => <Typography variant="body2">{row.fields.length}</Typography>} />
      </Col>
    </DataTable>
  </List>
);

const RoleText = ({ role }: { role: string }) => {
  const label = useEnumLabel("Role");
  return (
    <Typography variant="caption" color="text.secondary">
      {label(role)}
    </Typography>
  );
};

const ActionChip = ({ action }: { action: string }) => {
  const translate = useTranslate();
  return <Chip size="small" variant="outlined" color={actionTones[action] ?? "default"} label={translate(`tessera.enums.AuditAction.${action}`, { _: action })} />;
};
