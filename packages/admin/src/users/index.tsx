import { PASSWORD_MIN_LENGTH } from "@tessera/schema/limits";
import EditIcon from "@mui/icons-material/Edit";
import ManageAccountsIcon from "@mui/icons-material/ManageAccounts";
import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import { useState } from "react";
import { Create, DataTable, List, PasswordInput, SelectInput, SimpleForm, TextInput, minLength, required, useRecordContext, useTranslate } from "react-admin";
import { enumChoices } from "../customers/choices";
import { DateTimeField, EnumChipField } from "../fields/fields";
import { Role, type UserItemFragment } from "../generated/graphql";
import { UserEditDialog } from "./UserEditDialog";

const Col = DataTable.Col<UserItemFragment>;
const roleChoices = enumChoices(Role, "Role");
const roleTones = { ADMIN: "error", STEWARD: "primary", AGENT: "info", ANALYST: "secondary", AUDITOR: "warning" } as const;

/** Disabled, awaiting a second admin, or holding a temporary password: what an admin acts on. */
const UserStatus = () => {
  const user = useRecordContext<UserItemFragment>();
  const translate = useTranslate();
  if (!user) return null;
  if (user.disabledAt) return <Chip size="small" color="error" label={translate("tessera.userAdmin.statusDisabled")} />;
  if (user.awaitingApproval) return <Chip size="small" color="warning" label={translate("tessera.userAdmin.statusAwaiting")} />;
  if (user.mustChangePassword) return <Chip size="small" variant="outlined" label={translate("tessera.userAdmin.statusMustChange")} />;
  return <Chip size="small" variant="outlined" color="success" label={translate("tessera.userAdmin.statusActive")} />;
};

/** Opens the lifecycle dialog (role, clearance, disable/enable, unlock, reset password). */
const EditUserButton = () => {
  const user = useRecordContext<UserItemFragment>();
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  if (!user) return null;
  return (
    <>
      <Button size="small" startIcon={<EditIcon />} onClick={() => setOpen(true)} data-testid="user-edit-open">
        {translate("ra.action.edit")}
      </Button>
      {open && <UserEditDialog user={user} onClose={() => setOpen(false)} />}
    </>
  );
};

const UserList = () => (
  <List filters={[<SelectInput key="role" source="role" choices={roleChoices} alwaysOn />]} sort={{ field: "username", order: "ASC" }} exporter={false}>
    <DataTable bulkActionButtons={false} rowClick={false}>
      <Col source="username" />
      <Col source="displayName" />
      <Col source="role">
        <EnumChipField source="role" enumName="Role" tones={roleTones} />
      </Col>
      <Col source="clearance" />
      <Col source="disabledAt" label="tessera.userAdmin.status" disableSort>
        <UserStatus />
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
      <Col label="" disableSort>
        <EditUserButton />
      </Col>
    </DataTable>
  </List>
);

/** A console user; the password is hashed by the API (scrypt) and never shown again. */
const UserCreate = () => (
  <Create redirect="list">
    <SimpleForm defaultValues={{ role: "AGENT" }} warnWhenUnsavedChanges>
      <TextInput source="username" validate={required()} autoComplete="off" />
      <TextInput source="displayName" />
      <SelectInput source="role" choices={roleChoices} validate={required()} />
      <PasswordInput source="password" validate={[required(), minLength(PASSWORD_MIN_LENGTH)]} autoComplete="new-password" />
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
