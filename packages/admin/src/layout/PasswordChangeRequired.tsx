import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useState } from "react";
import { Title, useTranslate } from "react-admin";
import { problemsByField } from "../common/useGraphqlMutation";
import { ChangePasswordDocument } from "../generated/graphql";
import { fetchGraphql, GraphqlError } from "../providers/graphql";
import { saveSession } from "../providers/session";

/**
 * An admin reset this user's password (users.mustChangePassword): the admin knows the temporary
 * one, so the API answers nothing else until the user has chosen their own. The console shows
 * only this form; the new session replaces the old one.
 */
export const PasswordChangeRequired = () => {
  const translate = useTranslate();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const problems = problemsByField(error, translate);
  const submit = async () => {
    setBusy(true);
    try {
      const { changePassword } = await fetchGraphql(ChangePasswordDocument, { currentPassword: current, newPassword: next });
      saveSession(changePassword);
      window.location.reload();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <Card sx={{ mt: 2, maxWidth: 480 }} data-testid="password-change-required">
      <Title title="tessera.userAdmin.chooseTitle" />
      <CardContent>
        <Stack spacing={2}>
          <Typography variant="body2">{translate("tessera.userAdmin.chooseIntro")}</Typography>
          <TextField name="currentPassword" type="password" label={translate("tessera.userAdmin.temporaryPassword")} value={current} onChange={(e) => setCurrent(e.target.value)} error={Boolean(problems.currentPassword)} helperText={problems.currentPassword ?? " "} />
          <TextField name="newPassword" type="password" autoComplete="new-password" label={translate("tessera.userAdmin.newPassword")} value={next} onChange={(e) => setNext(e.target.value)} error={Boolean(problems.newPassword)} helperText={problems.newPassword ?? translate("tessera.userAdmin.temporaryHelp")} />
          {error != null && !Object.keys(problems).length && <Alert severity="error">{error instanceof GraphqlError ? error.message : String(error)}</Alert>}
          <Button variant="contained" disabled={busy || !current || !next} onClick={() => void submit()}>
            {translate("tessera.userAdmin.choose")}
          </Button>
        </Stack>
      </CardContent>
    </Card>
  );
};
