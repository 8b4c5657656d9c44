import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardActions from "@mui/material/CardActions";
import CardContent from "@mui/material/CardContent";
import Chip from "@mui/material/Chip";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import LinearProgress from "@mui/material/LinearProgress";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { IDENTIFYING_CATEGORIES, partnerGains, roleGains, type PartnerAccess, type Role } from "@tessera/schema/catalog";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Title, useNotify, useTranslate } from "react-admin";
import { useEnumLabel } from "../fields/fields";
import { dateTimeOptions, useIntlLocale } from "../fields/format";
import { ApproveGrantDocument, PendingGrantsDocument, RejectGrantDocument, type GrantItemFragment } from "../generated/graphql";
import { fetchGraphql, GraphqlError } from "../providers/graphql";
import { currentSession } from "../providers/session";

const asAccess = (value: Record<string, unknown> | null): PartnerAccess | undefined =>
  value ? { purposes: (value.purposes as string[]) ?? [], fields: (value.fields as string[]) ?? [], capabilities: (value.capabilities as string[]) ?? [] } : undefined;

/** A console user's role change: the role before and after, and the categories it reads more fully. */
const RoleChange = ({ grant }: { grant: GrantItemFragment }) => {
  const translate = useTranslate();
  const role = useEnumLabel("Role");
  const from = (grant.current?.role as Role | undefined) ?? undefined;
  const to = grant.proposed.role as Role;
  const gains = roleGains(from, to);
  return (
    <Stack spacing={1}>
      <Typography variant="body2" data-testid="grant-role">
        {from ? translate("tessera.grants.roleChange", { from: role(from), to: role(to) }) : translate("tessera.grants.newUser", { role: role(to) })}
      </Typography>
      {(gains.categories.length > 0 || gains.freeText) && (
        <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: "wrap" }}>
          {gains.categories.map((c) => (
            <Chip
              key={c.category}
              size="small"
              // Categories that identify a person are what four eyes is about: they stand out.
              color={IDENTIFYING_CATEGORIES.includes(c.category) ? "warning" : "default"}
              variant="outlined"
              label={`${translate(`tessera.catalog.category.${c.category}`)}: ${translate(`tessera.grants.treatment.${c.to}`)}`}
            />
          ))}
          {gains.freeText && <Chip size="small" color="warning" variant="outlined" label={translate("tessera.grants.freeText")} />}
        </Stack>
      )}
      {to === "ADMIN" && <Typography variant="caption" color="text.secondary">{translate("tessera.grants.adminGrants")}</Typography>}
    </Stack>
  );
};

/** A console user's clearance (the customer security levels they may open) before and after. */
const ClearanceChange = ({ grant }: { grant: GrantItemFragment }) => {
  const translate = useTranslate();
  return (
    <Typography variant="body2" data-testid="grant-clearance">
      {translate("tessera.grants.clearanceChange", { from: String(grant.current?.clearance ?? "—"), to: String(grant.proposed.clearance) })}
    </Typography>
  );
};

/** A partner app's contract: the purposes, fields and capabilities it would gain. */
/** An audience (issue 14): the segment → partner (purpose) is the target's name; this says what approving discloses. */
const AudienceChange = ({ grant }: { grant: GrantItemFragment }) => {
  const translate = useTranslate();
  const purpose = useEnumLabel("Purpose");
  return (
    <Typography variant="body2" data-testid="grant-audience">
      {translate("tessera.grants.audience", { purpose: purpose(String(grant.proposed.purpose)) })}
    </Typography>
  );
};

const PartnerChange = ({ grant }: { grant: GrantItemFragment }) => {
  const translate = useTranslate();
  const purpose = useEnumLabel("Purpose");
  const current = asAccess(grant.current);
  const gains = partnerGains(current, asAccess(grant.proposed)!);
  const line = (label: string, values: string[], render: (v: string) => string, mono = false) =>
    values.length > 0 && (
      <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: "wrap", alignItems: "center" }}>
        <Typography variant="caption" color="text.secondary" sx={{ minWidth: 72 }}>
          {label}
        </Typography>
        {values.map((v) => (
          <Chip key={v} size="small" color="warning" variant="outlined" label={render(v)} sx={mono ? { fontFamily: "monospace" } : undefined} />
        ))}
      </Stack>
    );
  return (
    <Stack spacing={1}>
      <Typography variant="body2">{translate(current ? "tessera.grants.partnerWidened" : "tessera.grants.newPartner")}</Typography>
      {line(translate("tessera.grants.purposes"), gains.purposes, purpose)}
      {line(translate("tessera.grants.fields"), gains.fields, (f) => f, true)}
      {line(translate("tessera.grants.capabilities"), gains.capabilities, (c) => translate(`tessera.grants.capability.${c}`, { _: c }))}
    </Stack>
  );
};

/** One request: who asked, for whom, what it widens; Approve / Reject, and the API's refusal in place. */
const GrantCard = ({ grant }: { grant: GrantItemFragment }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const locale = useIntlLocale();
  const dateTime = (iso: string) => new Date(iso).toLocaleString(locale, dateTimeOptions);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const mine = grant.requestedBy === `user:${currentSession()?.user.username}`;
  const decide = useMutation({
    mutationFn: async (decision: "approve" | "reject") => {
      if (decision === "approve") await fetchGraphql(ApproveGrantDocument, { id: grant.id });
      else await fetchGraphql(RejectGrantDocument, { id: grant.id, reason: reason.trim() || null });
    },
    onSuccess: (_result, decision) => {
      setRejecting(false);
      notify(`tessera.grants.${decision === "approve" ? "approved" : "rejected"}`, { type: "success", messageArgs: { target: grant.targetName } });
      void queryClient.invalidateQueries({ queryKey: ["pendingGrants"] });
    },
  });
  const error = decide.error;
  return (
    <Card variant="outlined" data-testid="grant-request">
      <CardContent sx={{ pb: 1 }}>
        <Stack direction={{ xs: "column", md: "row" }} spacing={1} useFlexGap sx={{ alignItems: { xs: "flex-start", md: "center" }, mb: 1.5 }}>
          <Chip size="small" label={translate(`tessera.grants.kind.${grant.kind}`)} color={grant.kind === "USER_ROLE" || grant.kind === "USER_CLEARANCE" ? "primary" : "secondary"} />
          <Typography variant="subtitle1" sx={{ fontWeight: 600 }} data-testid="grant-target">
            {grant.targetName}
          </Typography>
          <Box sx={{ flex: 1 }} />
          <Typography variant="body2" color="text.secondary">
            {translate("tessera.grants.requested", { by: grant.requestedBy, at: dateTime(grant.createdAt) })}
          </Typography>
          {mine && <Chip size="small" variant="outlined" label={translate("tessera.grants.yours")} data-testid="grant-mine" />}
        </Stack>
        {grant.kind === "USER_ROLE" ? (
          <RoleChange grant={grant} />
        ) : grant.kind === "USER_CLEARANCE" ? (
          <ClearanceChange grant={grant} />
        ) : grant.kind === "AUDIENCE" ? <AudienceChange grant={grant} /> : <PartnerChange grant={grant} />}
        {error != null && (
          <Alert severity="error" sx={{ mt: 1.5 }} data-testid="grant-error">
            {error instanceof GraphqlError && error.code === "FORBIDDEN"
              ? translate("tessera.grants.ownRequest")
              : error instanceof GraphqlError && error.code === "CONFLICT"
                ? translate("tessera.grants.alreadyDecided")
                : (error as Error).message}
            {error instanceof GraphqlError && (
              <Typography variant="caption" component="div" color="text.secondary">
                {translate("tessera.grants.apiSaid", { code: error.code, message: error.message })}
              </Typography>
            )}
          </Alert>
        )}
      </CardContent>
      <CardActions sx={{ px: 2, pb: 2 }}>
        <Button variant="contained" color="success" disabled={decide.isPending} onClick={() => decide.mutate("approve")}>
          {translate("tessera.grants.approve")}
        </Button>
        <Button variant="outlined" color="error" disabled={decide.isPending} onClick={() => setRejecting(true)}>
          {translate("tessera.grants.reject")}
        </Button>
      </CardActions>
      <Dialog open={rejecting} onClose={() => setRejecting(false)} fullWidth maxWidth="sm">
        <DialogTitle>{translate("tessera.grants.rejectTitle", { target: grant.targetName })}</DialogTitle>
        <DialogContent>
          <TextField
            name="reason"
            label={translate("tessera.grants.reason")}
            helperText={translate("tessera.grants.reasonHelp")}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            fullWidth
            multiline
            minRows={2}
            sx={{ mt: 1 }}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setRejecting(false)}>{translate("ra.action.cancel")}</Button>
          <Button color="error" variant="contained" disabled={decide.isPending} onClick={() => decide.mutate("reject")}>
            {translate("tessera.grants.reject")}
          </Button>
        </DialogActions>
      </Dialog>
    </Card>
  );
};

/** Admins only: grant requests waiting for a second admin (four eyes, issue 10), oldest first. */
export const GrantList = () => {
  const translate = useTranslate();
  const query = useQuery({
    queryKey: ["pendingGrants"],
    queryFn: async ({ signal }) => (await fetchGraphql(PendingGrantsDocument, {}, { signal })).pendingGrants,
    retry: false,
  });
  return (
    <Box sx={{ mt: 2, maxWidth: 960 }}>
      <Title title="tessera.grants.title" />
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate("tessera.grants.intro")}
      </Typography>
      {query.isPending ? (
        <LinearProgress />
      ) : query.error ? (
        <Alert severity="warning">{(query.error as Error).message}</Alert>
      ) : !query.data.length ? (
        <Alert severity="info" data-testid="grants-empty">
          {translate("tessera.grants.empty")}
        </Alert>
      ) : (
        <Stack spacing={2} data-testid="grant-queue">
          {query.data.map((grant) => (
            <GrantCard key={grant.id} grant={grant} />
          ))}
        </Stack>
      )}
    </Box>
  );
};
