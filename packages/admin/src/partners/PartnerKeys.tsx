import ContentCopyIcon from "@mui/icons-material/ContentCopy";
import KeyIcon from "@mui/icons-material/Key";
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import IconButton from "@mui/material/IconButton";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import Tooltip from "@mui/material/Tooltip";
import Typography from "@mui/material/Typography";
import { useState } from "react";
import { Confirm, useRecordContext, useTranslate } from "react-admin";
import { useGraphqlMutation } from "../common/useGraphqlMutation";
import { dateTimeOptions, useIntlLocale } from "../fields/format";
import { CreateApiKeyDocument, RevokeApiKeyDocument, type PartnerAppItemFragment } from "../generated/graphql";
import { useRole } from "../providers/roles";

/** The key, once: the API stores only its hash, so closing this dialog loses it for good. */
const IssuedKeyDialog = ({ apiKey, onClose }: { apiKey: string | null; onClose: () => void }) => {
  const translate = useTranslate();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard?.writeText(apiKey ?? "");
    setCopied(true);
  };
  return (
    <Dialog open={apiKey !== null} onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{translate("tessera.partners.keyIssued")}</DialogTitle>
      <DialogContent>
        <Alert severity="warning" sx={{ mb: 2 }}>
          {translate("tessera.partners.keyOnce")}
        </Alert>
        <Box sx={{ display: "flex", alignItems: "center", gap: 1, bgcolor: "action.hover", p: 1, borderRadius: 1 }}>
          <Typography data-testid="issued-key" sx={{ fontFamily: "monospace", wordBreak: "break-all", flex: 1 }}>
            {apiKey}
          </Typography>
          <Tooltip title={translate(copied ? "tessera.partners.copied" : "tessera.partners.copy")}>
            <IconButton onClick={copy} aria-label={translate("tessera.partners.copy")}>
              <ContentCopyIcon />
            </IconButton>
          </Tooltip>
        </Box>
      </DialogContent>
      <DialogActions>
        <Button variant="contained" onClick={() => (setCopied(false), onClose())}>
          {translate("tessera.partners.stored")}
        </Button>
      </DialogActions>
    </Dialog>
  );
};

/** A partner app's API keys: issue one (shown once), revoke any. */
export const PartnerKeys = () => {
  const app = useRecordContext<PartnerAppItemFragment>();
  const translate = useTranslate();
  const locale = useIntlLocale();
  const { can } = useRole();
  const [issued, setIssued] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const create = useGraphqlMutation(CreateApiKeyDocument, { onSuccess: (result) => setIssued(result.createApiKey.key) });
  const revoke = useGraphqlMutation(RevokeApiKeyDocument, { success: "tessera.partners.revoked", onSuccess: () => setRevoking(null) });
  if (!app) return null;
  const when = (value: string | null | undefined) => (value ? new Intl.DateTimeFormat(locale, dateTimeOptions).format(new Date(value)) : "—");
  const manage = can("partner.manage");
  return (
    <Box sx={{ width: "100%" }}>
      <Box sx={{ display: "flex", alignItems: "center", mb: 1 }}>
        <Typography variant="subtitle1" sx={{ flex: 1 }}>
          {translate("tessera.partners.keys")}
        </Typography>
        {manage && (
          <Button variant="contained" size="small" startIcon={<KeyIcon />} onClick={() => create.mutate({ partnerId: app.id })} disabled={create.isPending}>
            {translate("tessera.partners.issueKey")}
          </Button>
        )}
      </Box>
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>{translate("tessera.partners.keyId")}</TableCell>
            <TableCell>{translate("tessera.partners.createdAt")}</TableCell>
            <TableCell>{translate("tessera.partners.lastUsedAt")}</TableCell>
            <TableCell>{translate("tessera.partners.revokedAt")}</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {app.apiKeys.length === 0 && (
            <TableRow>
              <TableCell colSpan={5}>{translate("tessera.partners.noKeys")}</TableCell>
            </TableRow>
          )}
          {app.apiKeys.map((key) => (
            <TableRow key={key.id} data-testid="api-key-row">
              <TableCell sx={{ fontFamily: "monospace" }}>{key.keyId}</TableCell>
              <TableCell>{when(key.createdAt)}</TableCell>
              <TableCell>{when(key.lastUsedAt)}</TableCell>
              <TableCell>{when(key.revokedAt)}</TableCell>
              <TableCell align="right">
                {manage && !key.revokedAt && (
                  <Button size="small" color="error" onClick={() => setRevoking(key.keyId)}>
                    {translate("tessera.partners.revoke")}
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <IssuedKeyDialog apiKey={issued} onClose={() => setIssued(null)} />
      <Confirm
        isOpen={revoking !== null}
        title="tessera.partners.revokeTitle"
        content="tessera.partners.revokeContent"
        translateOptions={{ keyId: revoking ?? "" }}
        onConfirm={() => revoking && revoke.mutate({ keyId: revoking })}
        onClose={() => setRevoking(null)}
        loading={revoke.isPending}
      />
    </Box>
  );
};
