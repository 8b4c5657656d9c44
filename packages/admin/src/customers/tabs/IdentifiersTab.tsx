import Box from "@mui/material/Box";
import Chip from "@mui/material/Chip";
import { ArrayField, DataTable, FunctionField, TextField, useTranslate } from "react-admin";
import { DateTimeField, EnumField } from "../../fields/fields";
import type { CustomerRecord } from "../../providers/dataProvider";

type IdentifierRow = CustomerRecord["identifiers"][number];
const Col = DataTable.Col<IdentifierRow>;

export const IdentifiersTab = () => {
  const translate = useTranslate();
  return (
    <ArrayField source="identifiers" sort={{ field: "validFrom", order: "DESC" }}>
      <DataTable bulkActionButtons={false} rowClick={false}>
        <Col source="type" label="tessera.identifiers.type">
          <EnumField source="type" enumName="IdentifierType" />
        </Col>
        <Col source="value" label="tessera.identifiers.value">
          <TextField source="value" sx={{ fontFamily: "monospace" }} />
        </Col>
        <Col source="validFrom" label="tessera.identifiers.validFrom">
          <DateTimeField source="validFrom" />
        </Col>
        <Col source="validTo" label="tessera.identifiers.validTo">
          <FunctionField<IdentifierRow>
            source="validTo"
            render={(row) =>
              row.validTo ? <DateTimeField source="validTo" /> : <Chip size="small" color="success" variant="outlined" label={translate("tessera.identifiers.current")} />
            }
          />
        </Col>
        <Col source="source" label="tessera.identifiers.source">
          {/* A source system the console knows by name; any other is shown as sent, as an id (monospace). */}
          <FunctionField<IdentifierRow>
            source="source"
            render={(row) => {
              const known = row.source ? translate(`tessera.identifiers.sources.${row.source}`, { _: "" }) : "";
              return known || <Box component="span" sx={{ fontFamily: "monospace" }}>{row.source ?? ""}</Box>;
            }}
          />
        </Col>
      </DataTable>
    </ArrayField>
  );
};
