import { FIELD_LIMITS } from "@tessera/schema/limits";
import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import MenuItem from "@mui/material/MenuItem";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import { useState } from "react";
import { useGetIdentity, useRecordContext, useTranslate } from "react-admin";
import { lengthProblems } from "../common/limits";
import { problemsByField, useGraphqlMutation } from "../common/useGraphqlMutation";
import { CaseAction, TransitionCaseDocument, type CaseDetailFragment } from "../generated/graphql";
import { useRole } from "../providers/roles";
import { ACTION_ORDER } from "./choices";

type Values = { owner: string; note: string; resolution: string; rootCause: string; satisfaction: string; eta: string };

/** The inputs each step of the closed loop asks for (the API requires them; see transitionCase). */
const INPUTS: Record<CaseAction, Array<keyof Values>> = {
  ASSIGN: ["owner", "note"],
  START: ["note"],
  RESPOND: ["eta", "note"],
  PROGRESS: ["note", "eta"],
  ESCALATE: ["note", "satisfaction"],
  RESOLVE: ["resolution", "note"],
  CLOSE: ["rootCause", "resolution", "satisfaction"],
  REOPEN: ["note", "satisfaction"],
};

/** What each action requires (the API refuses it without; marked required in the form). */
const REQUIRED: Partial<Record<CaseAction, Array<keyof Values>>> = {
  ASSIGN: ["owner"],
  RESPOND: ["eta"],
  PROGRESS: ["note"],
  ESCALATE: ["note"],
  RESOLVE: ["resolution"],
  CLOSE: ["rootCause", "satisfaction"],
  REOPEN: ["note"],
};

/** A datetime-local value (local time, minutes) from now plus hours. */
function localInput(hoursAhead: number): string {
  const d = new Date(Date.now() + hoursAhead * 3_600_000);
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

const ROOT_CAUSES = ["NETWORK_QUALITY", "BILLING", "PROCESS", "SERVICE_ATTITUDE", "PRODUCT_PRICE", "OTHER"];

/**
 * One button per action the case's status allows (`allowedActions`); each opens a short form
 * for what that step needs. An action the API refuses comes back as its message, naming the
 * allowed ones; a stale version as "changed by someone else".
 */
export const CaseTransitions = () => {
  const record = useRecordContext<CaseDetailFragment>();
  const { can } = useRole();
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const [action, setAction] = useState<CaseAction | null>(null);
  const [values, setValues] = useState<Values>({ owner: "", note: "", resolution: "", rootCause: "", satisfaction: "", eta: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const mutation = useGraphqlMutation(TransitionCaseDocument, { success: "tessera.cases.transitioned", onSuccess: () => setAction(null) });
  if (!record || !can("case.transition")) return null;

  const open = (next: CaseAction) => {
    setErrors({});
    setValues({
      owner: next === "ASSIGN" ? String(identity?.username ?? "") : "",
      note: "",
      resolution: record.resolution ?? "",
      rootCause: record.rootCause ?? "",
      satisfaction: "",
      eta: next === "RESPOND" ? localInput(24) : "",
    });
    setAction(next);
  };
  const submit = () => {
    if (!action) return;
    const fields = INPUTS[action];
    const value = (k: keyof Values) => (fields.includes(k) && values[k].trim() ? values[k].trim() : null);
    // The API's lengths, checked here so the message shows under the field before anything is sent.
    const tooLong = lengthProblems(FIELD_LIMITS.Case, Object.fromEntries(fields.map((k) => [k, value(k)])), translate);
    if (Object.keys(tooLong).length) return setErrors(tooLong);
    mutation.mutate(
      {
        id: record.id,
        action,
        expectedVersion: record.version,
        owner: value("owner"),
        note: value("note"),
        resolution: value("resolution"),
        rootCause: value("rootCause"),
        satisfaction: value("satisfaction") ? Number(values.satisfaction) : null,
        eta: value("eta") ? new Date(values.eta).toISOString() : null,
      },
      { onError: (error) => setErrors(problemsByField(error, translate)) },
    );
  };
  const actions = ACTION_ORDER.filter((a) => record.allowedActions.includes(a));
  return (
    <>
      <Stack direction="row" spacing={1} data-testid="case-actions">
        {actions.map((a) => (
          <Button key={a} variant={a === actions[0] ? "contained" : "outlined"} size="small" onClick={() => open(a)}>
            {translate(`tessera.enums.CaseAction.${a}`)}
          </Button>
        ))}
      </Stack>
      <Dialog open={action !== null} onClose={() => setAction(null)} fullWidth maxWidth="sm">
        <DialogTitle>{action && translate(`tessera.enums.CaseAction.${action}`)}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            {action &&
              INPUTS[action].map((field) =>
                field === "satisfaction" ? (
                  <TextField
                    key={field}
                    select
                    required={REQUIRED[action]?.includes(field)}
                    label={translate(`tessera.cases.${field}`)}
                    value={values[field]} onChange={(e) => setValues({ ...values, [field]: e.target.value })} error={!!errors[field]} helperText={errors[field]}>
                    <MenuItem value="">—</MenuItem>
                    {[5, 4, 3, 2, 1].map((n) => (
                      <MenuItem key={n} value={String(n)}>
                        {"★".repeat(n)}
                      </MenuItem>
                    ))}
                  </TextField>
                ) : field === "eta" ? (
                  <TextField
                    key={field}
                    name={field}
                    type="datetime-local"
                    required={REQUIRED[action]?.includes(field)}
                    label={translate("tessera.cases.eta")}
                    value={values.eta}
                    onChange={(e) => setValues({ ...values, eta: e.target.value })}
                    error={!!errors.eta}
                    helperText={errors.eta}
                    slotProps={{ inputLabel: { shrink: true } }}
                  />
                ) : field === "rootCause" ? (
                  <TextField key={field} select required label={translate("tessera.cases.rootCause")} value={values.rootCause} onChange={(e) => setValues({ ...values, rootCause: e.target.value })} error={!!errors.rootCause} helperText={errors.rootCause}>
                    {ROOT_CAUSES.map((c) => (
                      <MenuItem key={c} value={c}>
                        {translate(`tessera.enums.CaseCategory.${c}`)}
                      </MenuItem>
                    ))}
                  </TextField>
                ) : (
                  <TextField
                    key={field}
                    name={field}
                    value={values[field]}
                    required={REQUIRED[action]?.includes(field)}
                    label={translate(field === "owner" ? "tessera.cases.assignee" : `tessera.cases.${field}`)}
                    multiline={field !== "owner"}
                    minRows={field === "owner" ? undefined : 2}
                    onChange={(e) => setValues({ ...values, [field]: e.target.value })}
                    error={!!errors[field]}
                    helperText={errors[field]}
                  />
                ),
              )}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setAction(null)}>{translate("ra.action.cancel")}</Button>
          <Button variant="contained" onClick={submit} disabled={mutation.isPending}>
            {translate("ra.action.confirm")}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
