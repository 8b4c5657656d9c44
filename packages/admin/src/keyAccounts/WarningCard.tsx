import { FIELD_LIMITS } from "@tessera/schema/limits";
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Chip from "@mui/material/Chip";
import MenuItem from "@mui/material/MenuItem";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { useNotify, useTranslate } from "react-admin";
import { lengthProblems } from "../common/limits";
import { problemsByField } from "../common/useGraphqlMutation";
import { useEnumLabel } from "../fields/fields";
import { cnyOptions, monthOptions, useIntlLocale } from "../fields/format";
import { AccountWarningCause, CloseAccountWarningDocument, RetentionAction, type AccountWarningItemFragment } from "../generated/graphql";
import { fetchGraphql, GraphqlError } from "../providers/graphql";
import { useRole } from "../providers/roles";

/** The warning in one sentence: which fee fell, from what reference to what amount, by how much. */
export const WarningSummary = ({ warning }: { warning: AccountWarningItemFragment }) => {
  const translate = useTranslate();
  const locale = useIntlLocale();
  const service = useEnumLabel("BilledService");
  const money = new Intl.NumberFormat(locale, cnyOptions);
  const month = new Date(`${warning.month}T00:00:00Z`).toLocaleDateString(locale, monthOptions);
  const fmt = (v: number | null | undefined) => (v == null ? "—" : money.format(v));
  return (
    <Typography variant="body2" data-testid="warning-summary">
      {translate(warning.service ? "tessera.keyAccount.serviceDrop" : "tessera.keyAccount.totalDrop", {
        service: service(warning.service),
        month,
        reference: fmt(warning.reference),
        amount: fmt(warning.amount),
        pct: warning.dropPercent == null ? "—" : new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(warning.dropPercent),
      })}
    </Typography>
  );
};

/**
 * An open early warning (流失预警) and its cause-analysis task. Closing needs the cause and the
 * retention action; the form sends what was chosen and shows the API's refusal under the field
 * it names (the API is the one home of the rule: account.service closeAccountWarning).
 */
export const WarningCard = ({ warning, header, onClosed }: { warning: AccountWarningItemFragment; header?: ReactNode; onClosed?: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const { can } = useRole();
  const causeLabel = useEnumLabel("AccountWarningCause");
  const actionLabel = useEnumLabel("RetentionAction");
  const [closing, setClosing] = useState(false);
  const [cause, setCause] = useState("");
  const [action, setAction] = useState("");
  const [note, setNote] = useState("");
  const close = useMutation({
    mutationFn: () =>
      fetchGraphql(CloseAccountWarningDocument, {
        id: warning.id,
        expectedVersion: warning.version,
        cause: (cause || null) as AccountWarningCause | null,
        retentionAction: (action || null) as RetentionAction | null,
        note: note.trim() || null,
      }),
    onSuccess: () => {
      notify("tessera.keyAccount.closed", { type: "success" });
      setClosing(false);
      void queryClient.invalidateQueries({ queryKey: ["keyAccount"] });
      void queryClient.invalidateQueries({ queryKey: ["portfolio"] });
      onClosed?.();
    },
  });
  // The note's length is checked here (the API's limit) so the message shows under it before sending.
  const noteProblem = lengthProblems(FIELD_LIMITS.AccountWarning, { note: note.trim() }, translate).note;
  const problems: Record<string, string | undefined> = { ...problemsByField(close.error, translate), ...(noteProblem ? { note: noteProblem } : {}) };
  const otherError = close.error != null && !Object.keys(problems).length ? close.error : undefined;
  const open = warning.status === "OPEN";
  return (
    <Card variant="outlined" data-testid="account-warning">
      <CardContent>
        <Stack spacing={1}>
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: "wrap", alignItems: "center" }}>
            <Chip size="small" color={open ? "warning" : "default"} label={translate(`tessera.keyAccount.status.${warning.status}`)} />
            {header}
            <Box sx={{ flex: 1 }} />
            {warning.accountManager && (
              <Typography variant="caption" color="text.secondary">
                {translate("tessera.keyAccount.assignedTo", { manager: warning.accountManager })}
              </Typography>
            )}
          </Stack>
          <WarningSummary warning={warning} />
          {!open && (
            <Typography variant="body2" color="text.secondary">
              {translate("tessera.keyAccount.closedWith", { cause: causeLabel(warning.cause), action: actionLabel(warning.retentionAction), by: warning.closedBy ?? "" })}
            </Typography>
          )}
          {open && can("keyAccount.closeWarning") && !closing && (
            <Box>
              <Button size="small" variant="outlined" onClick={() => setClosing(true)} data-testid="warning-close-open">
                {translate("tessera.keyAccount.closeTask")}
              </Button>
            </Box>
          )}
          {open && closing && (
            <Stack spacing={1.5} sx={{ pt: 1 }} data-testid="warning-close-form">
              <TextField select size="small" name="cause" label={translate("tessera.keyAccount.cause")} value={cause} onChange={(e) => setCause(e.target.value)} error={Boolean(problems.cause)} helperText={problems.cause ?? translate("tessera.keyAccount.causeHelp")}>
                <MenuItem value="">—</MenuItem>
                {Object.values(AccountWarningCause).map((c) => (
                  <MenuItem key={c} value={c}>
                    {causeLabel(c)}
                  </MenuItem>
                ))}
              </TextField>
              <TextField
                select
                size="small"
                name="retentionAction"
                label={translate("tessera.keyAccount.retentionAction")}
                value={action}
                onChange={(e) => setAction(e.target.value)}
                error={Boolean(problems.retentionAction)}
                helperText={problems.retentionAction ?? translate("tessera.keyAccount.actionHelp")}
              >
                <MenuItem value="">—</MenuItem>
                {Object.values(RetentionAction).map((a) => (
                  <MenuItem key={a} value={a}>
                    {actionLabel(a)}
                  </MenuItem>
                ))}
              </TextField>
              <TextField size="small" name="note" label={translate("tessera.keyAccount.note")} value={note} onChange={(e) => setNote(e.target.value)} multiline minRows={2} error={Boolean(problems.note)} helperText={problems.note ?? " "} />
              {otherError != null && <Alert severity="error">{otherError instanceof GraphqlError ? otherError.message : String(otherError)}</Alert>}
              <Stack direction="row" spacing={1}>
                <Button variant="contained" disabled={close.isPending || Boolean(noteProblem)} onClick={() => close.mutate()} data-testid="warning-close-submit">
                  {translate("tessera.keyAccount.closeTask")}
                </Button>
                <Button onClick={() => setClosing(false)}>{translate("ra.action.cancel")}</Button>
              </Stack>
            </Stack>
          )}
        </Stack>
      </CardContent>
    </Card>
  );
};
