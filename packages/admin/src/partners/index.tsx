import { FIELD_LIMITS } from "@tessera/schema/limits";
import HubIcon from "@mui/icons-material/Hub";
import Box from "@mui/material/Box";
import Chip from "@mui/material/Chip";
import {
  AutocompleteArrayInput,
  CheckboxGroupInput,
  Create,
  DataTable,
  FunctionField,
  List,
  Show,
  SimpleForm,
  SimpleShowLayout,
  TextField,
  TextInput,
  required,
  useTranslate,
} from "react-admin";
import { enumChoices } from "../customers/choices";
import { DateTimeField } from "../fields/fields";
import { Purpose, type PartnerAppItemFragment } from "../generated/graphql";
import { lengthValidators } from "../common/limits";
import { allowlistChoices } from "./catalogFields";
import { PartnerKeys } from "./PartnerKeys";

const Col = DataTable.Col<PartnerAppItemFragment>;
const purposeChoices = enumChoices(Purpose, "Purpose");

const Purposes = ({ row }: { row: PartnerAppItemFragment }) => {
  const translate = useTranslate();
  return (
    <Box sx={{ display: "flex", gap: 0.5, flexWrap: "wrap" }}>
      {row.allowedPurposes.map((p) => (
        <Chip key={p} size="small" label={translate(`tessera.enums.Purpose.${p}`)} />
      ))}
    </Box>
  );
};

const Allowlist = ({ row }: { row: PartnerAppItemFragment }) => (
  <Box sx={{ display: "flex", gap: 0.5, flexWrap: "wrap" }}>
    {row.fieldAllowlist.map((f) => (
      <Chip key={f} size="small" variant="outlined" label={f} sx={{ fontFamily: "monospace" }} />
    ))}
  </Box>
);

const PartnerList = () => (
  <List sort={{ field: "name", order: "ASC" }} exporter={false}>
    <DataTable bulkActionButtons={false} rowClick="show">
      <Col source="name" />
      <Col source="allowedPurposes" disableSort>
        <FunctionField<PartnerAppItemFragment> render={(row) => <Purposes row={row} />} />
      </Col>
      <Col source="fieldAllowlist" disableSort>
        <FunctionField<PartnerAppItemFragment> render={(row) => row.fieldAllowlist.length} />
      </Col>
      <Col source="apiKeys" disableSort>
        <FunctionField<PartnerAppItemFragment> render={(row) => row.apiKeys.filter((k) => !k.revokedAt).length} />
      </Col>
      <Col source="createdAt">
        <DateTimeField source="createdAt" />
      </Col>
    </DataTable>
  </List>
);

const PartnerShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="name" />
      <FunctionField<PartnerAppItemFragment> source="allowedPurposes" render={(row) => <Purposes row={row} />} />
      <FunctionField<PartnerAppItemFragment> source="fieldAllowlist" render={(row) => <Allowlist row={row} />} />
      <DateTimeField source="createdAt" />
      <PartnerKeys />
    </SimpleShowLayout>
  </Show>
);

const partnerLimits = lengthValidators(FIELD_LIMITS.PartnerApp);

/** A partner's contract: the purposes it may request under and the catalog fields it may read. */
const PartnerCreate = () => (
  <Create redirect="show">
    <SimpleForm defaultValues={{ allowedPurposes: ["MARKETING"], fieldAllowlist: ["Customer.region", "Customer.language"] }} warnWhenUnsavedChanges>
      <TextInput source="name" validate={[required(), partnerLimits.name]} />
      <CheckboxGroupInput source="allowedPurposes" choices={purposeChoices} validate={required()} row={false} />
      <AutocompleteArrayInput source="fieldAllowlist" choices={allowlistChoices()} validate={required()} sx={{ minWidth: 480 }} helperText="tessera.partners.allowlistHelp" />
    </SimpleForm>
  </Create>
);

export default {
  list: PartnerList,
  show: PartnerShow,
  create: PartnerCreate,
  createAction: "partner.manage" as const,
  icon: HubIcon,
  recordRepresentation: (record: PartnerAppItemFragment) => record.name,
};
