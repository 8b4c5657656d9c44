import { PASSWORD_MIN_LENGTH } from "@tessera/schema/limits";
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import Divider from "@mui/material/Divider";
import Link from "@mui/material/Link";
import MenuItem from "@mui/material/MenuItem";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { clearanceWidens, roleWidens, type Role as CatalogRole } from "@tessera/schema/catalog";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslate } from "react-admin";
import { problemsByField, useGraphqlMutation } from "../common/useGraphqlMutation";
import { useEnumLabel } from "../fields/fields";
import {
  DisableUserDocument,
  EnableUserDocument,
  PendingGrantsDocument,
  ResetUserPasswordDocument,
  Role,
  SetUserClearanceDocument,
  SetUserRoleDocument,
  UnlockUserDocument,
  type UserItemFragment,
} from "../generated/graphql";
import { fetchGraphql } from "../providers/graphql";

const ROLES = Object.values(Role);
const CLEARANCES = [1, 2, 3, 4, 5];
/** The API's minimum (@tessera/schema/limits, user.service reads it): the form checks it before sending. */
const MIN_PASSWORD = PASSWORD_MIN_LENGTH;

/** Grant requests still waiting for a second admin, for this user (the four-eyes queue, grants page). */
function usePendingFor(userId: string) {
  return useQuery({
    queryKey: ["pendingGrants"],
    queryFn: async ({ signal }) => (await fetchGraphql(PendingGrantsDocument, {}, { signal })).pendingGrants,
    select: (grants) => grants.filter((g) => g.targetId === userId),
    retry: false,
  });
}

const isLocked = (user: UserItemFragment) => Boolean(user.lockedUntil && new Date(user.lockedUntil).getTime() > Date.now());

/**
 * An admin's actions on one console user (issue 13 "user lifecycle for admins"). Narrowing changes
 * apply at once; a role or clearance that widens access is filed for a second admin (four eyes),
 * and the dialog then shows it as pending with a link to the approvals page.
 */
export const UserEditDialog = ({ user, onClose }: { user: UserItemFragment; onClose: () => void }) => {
  const translate = useTranslate();
  const roleLabel = useEnumLabel("Role");
  const queryClient = useQueryClient();
  const pending = usePendingFor(user.id);
  const [current, setCurrent] = useState(user);
  const [role, setRole] = useState(user.role);
  const [clearance, setClearance] = useState(user.clearance);
  const [temporary, setTemporary] = useState("");
  const [passwordError, setPasswordError] = useState<string>();
  const [filed, setFiled] = useState<string>();
  const afterChange = (filedKey?: string) => (next: UserItemFragment) => {
    setCurrent(next);
    setFiled(filedKey);
    void queryClient.invalidateQueries({ queryKey: ["pendingGrants"] });
  };
  const saveRole = useGraphqlMutation(SetUserRoleDocument, {
    onSuccess: (r) => afterChange(r.setUserRole.role === role ? undefined : "tessera.userAdmin.filedRole")(r.setUserRole),
  });
  const saveClearance = useGraphqlMutation(SetUserClearanceDocument, {
    onSuccess: (r) => afterChange(r.setUserClearance.clearance === clearance ? undefined : "tessera.userAdmin.filedClearance")(r.setUserClearance),
  });
  const disable = useGraphqlMutation(DisableUserDocument, { success: "tessera.userAdmin.disabled", onSuccess: (r) => afterChange()(r.disableUser) });
  const enable = useGraphqlMutation(EnableUserDocument, { success: "tessera.userAdmin.enabled", onSuccess: (r) => afterChange()(r.enableUser) });
  const unlock = useGraphqlMutation(UnlockUserDocument, { success: "tessera.userAdmin.unlocked", onSuccess: (r) => afterChange()(r.unlockUser) });
  const reset = useGraphqlMutation(ResetUserPasswordDocument, {
    success: "tessera.userAdmin.passwordReset",
    onSuccess: (r) => {
      setTemporary("");
      afterChange()(r.resetUserPassword);
    },
  });
  const busy = saveRole.isPending || saveClearance.isPending || disable.isPending || enable.isPending || unlock.isPending || reset.isPending;
  const roleWidening = role !== current.role && roleWidens(current.role as CatalogRole, role as CatalogRole);
  const clearanceWidening = clearanceWidens(current.clearance, clearance);
  const apiPasswordError = problemsByField(reset.error, translate).temporaryPassword;
  const apiClearanceError = problemsByField(saveClearance.error, translate).clearance;

  const submitPassword = () => {
    if (temporary.length < MIN_PASSWORD) return setPasswordError(translate("tessera.userAdmin.passwordTooShort", { min: MIN_PASSWORD }));
    setPasswordError(undefined);
    reset.mutate({ userId: user.id, temporaryPassword: temporary });
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" data-testid="user-edit">
      <DialogTitle>
        {translate("tessera.userAdmin.title", { username: current.username })}
        <Stack direction="row" spacing={0.5} useFlexGap sx={{ mt: 1, flexWrap: "wrap" }}>
          <Chip size="small" label={roleLabel(current.role)} />
          <Chip size="small" variant="outlined" label={translate("tessera.userAdmin.clearanceValue", { level: current.clearance })} />
          {current.disabledAt && <Chip size="small" color="error" label={translate("tessera.userAdmin.statusDisabled")} data-testid="user-disabled" />}
          {isLocked(current) && <Chip size="small" color="warning" label={translate("tessera.userAdmin.statusLocked")} />}
          {current.awaitingApproval && <Chip size="small" color="warning" label={translate("tessera.userAdmin.statusAwaiting")} />}
          {current.mustChangePassword && <Chip size="small" variant="outlined" label={translate("tessera.userAdmin.statusMustChange")} />}
        </Stack>
      </DialogTitle>
      <DialogContent dividers>
        <Stack spacing={2.5}>
          {((pending.data?.length ?? 0) > 0 || filed) && (
            <Alert severity="info" data-testid="user-pending">
              {filed && <Box>{translate(filed)}</Box>}
              {pending.data?.map((g) => (
                <Box key={g.id}>
                  {g.kind === "USER_CLEARANCE"
                    ? translate("tessera.userAdmin.pendingClearance", { from: String(g.current?.clearance ?? ""), to: String(g.proposed.clearance) })
                    : translate("tessera.userAdmin.pendingRole", { role: roleLabel(String(g.proposed.role)) })}
                </Box>
              ))}
              <Link href="#/grants" data-testid="user-pending-link">
                {translate("tessera.userAdmin.pendingLink")}
              </Link>
            </Alert>
          )}

          <Stack direction={{ xs: "column", sm: "row" }} spacing={1} sx={{ alignItems: { sm: "flex-start" } }}>
            <TextField select name="role" size="small" label={translate("resources.users.fields.role")} value={role} onChange={(e) => setRole(e.target.value as Role)} sx={{ minWidth: 200 }} helperText={roleWidening ? translate("tessera.userAdmin.widens") : " "}>
              {ROLES.map((r) => (
                <MenuItem key={r} value={r}>
                  {roleLabel(r)}
                </MenuItem>
              ))}
            </TextField>
            <Button variant="outlined" disabled={busy || role === current.role} onClick={() => saveRole.mutate({ userId: user.id, role })} data-testid="user-save-role">
              {translate(roleWidening ? "tessera.userAdmin.requestRole" : "tessera.userAdmin.saveRole")}
            </Button>
          </Stack>

          <Stack direction={{ xs: "column", sm: "row" }} spacing={1} sx={{ alignItems: { sm: "flex-start" } }}>
            <TextField
              select
              name="clearance"
              size="small"
              label={translate("resources.users.fields.clearance")}
              value={clearance}
              onChange={(e) => setClearance(Number(e.target.value))}
              sx={{ minWidth: 200 }}
              error={Boolean(apiClearanceError)}
              helperText={apiClearanceError ?? (clearanceWidening ? translate("tessera.userAdmin.widens") : translate("tessera.userAdmin.clearanceHelp"))}
            >
              {CLEARANCES.map((c) => (
                <MenuItem key={c} value={c}>
                  {translate(`tessera.userAdmin.level.${c}`)}
                </MenuItem>
              ))}
            </TextField>
            <Button variant="outlined" disabled={busy || clearance === current.clearance} onClick={() => saveClearance.mutate({ userId: user.id, clearance })} data-testid="user-save-clearance">
              {translate(clearanceWidening ? "tessera.userAdmin.requestClearance" : "tessera.userAdmin.saveClearance")}
            </Button>
          </Stack>

          <Divider />
          <Stack direction={{ xs: "column", sm: "row" }} spacing={1} sx={{ alignItems: { sm: "flex-start" } }}>
            <TextField
              name="temporaryPassword"
              type="password"
              size="small"
              autoComplete="new-password"
              label={translate("tessera.userAdmin.temporaryPassword")}
              value={temporary}
              onChange={(e) => setTemporary(e.target.value)}
              error={Boolean(passwordError ?? apiPasswordError)}
              helperText={passwordError ?? apiPasswordError ?? translate("tessera.userAdmin.temporaryHelp")}
              sx={{ minWidth: 200, flex: 1 }}
            />
            <Button variant="outlined" disabled={busy || !temporary} onClick={submitPassword} data-testid="user-reset-password">
              {translate("tessera.userAdmin.resetPassword")}
            </Button>
          </Stack>
          <Typography variant="caption" color="text.secondary">
            {translate("tessera.userAdmin.sessionsEnd")}
          </Typography>
        </Stack>
      </DialogContent>
      <DialogActions sx={{ flexWrap: "wrap", gap: 1 }}>
        {isLocked(current) && (
          <Button disabled={busy} onClick={() => unlock.mutate({ userId: user.id })} data-testid="user-unlock">
            {translate("tessera.userAdmin.unlock")}
          </Button>
        )}
        {current.disabledAt ? (
          <Button color="success" disabled={busy} onClick={() => enable.mutate({ userId: user.id })} data-testid="user-enable">
            {translate("tessera.userAdmin.enable")}
          </Button>
        ) : (
          <Button color="error" disabled={busy} onClick={() => disable.mutate({ userId: user.id })} data-testid="user-disable">
            {translate("tessera.userAdmin.disable")}
          </Button>
        )}
        <Box sx={{ flex: 1 }} />
        <Button onClick={onClose}>{translate("ra.action.close")}</Button>
      </DialogActions>
    </Dialog>
  );
};
