import ManageAccountsIcon from "@mui/icons-material/ManageAccounts";
import { Create, DataTable, List, PasswordInput, SelectInput, SimpleForm, TextInput, minLength, required } from "react-admin";
import { enumChoices } from "../customers/choices";
import { DateTimeField, EnumChipField } from "../fields/fields";
import { Role, type UserItemFragment } from "../generated/graphql";

const Col = DataTable.Col<UserItemFragment>;
const roleChoices = enumChoices(Role, "Role");
const roleTones = { ADMIN: "error", STEWARD: "primary", AGENT: "info", ANALYST: "secondary", AUDITOR: "warning" } as const;

const UserList = () => (
  <List filters={[<SelectInput key="role" source="role" choices={roleChoices} alwaysOn />]} sort={{ field: "username", order: "ASC" }} exporter={false}>
    <DataTable bulkActionButtons={false} rowClick={false}>
      <Col source="username" />
      <Col source="displayName" />
      <Col source="role">
        <EnumChipField source="role" enumName="Role" tones={roleTones} />
      </Col>
      <Col source="lastLoginAt">
        <DateTimeField source="lastLoginAt" />
      </Col>
      <Col source="lockedUntil">
        <DateTimeField source="lockedUntil" />
      </Col>
      <Col source="createdAt">
        <DateTimeField source="createdAt" />
      </Col>
    </DataTable>
  </List>
);

/** A console user; the password is hashed by the API (scrypt) and never shown again. */
const UserCreate = () => (
  <Create redirect="list">
    <SimpleForm defaultValues={{ role: "AGENT" }}>
      <TextInput source="username" validate={required()} autoComplete="off" />
      <TextInput source="displayName" />
      <SelectInput source="role" choices={roleChoices} validate={required()} />
      <PasswordInput source="password" validate={[required(), minLength(8)]} autoComplete="new-password" />
    </SimpleForm>
  </Create>
);

export default {
  list: UserList,
  create: UserCreate,
  createAction: "user.create" as const,
  icon: ManageAccountsIcon,
  recordRepresentation: (record: UserItemFragment) => record.username,
};
