import { FIELD_LIMITS } from "@tessera/schema/limits";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogContentText from "@mui/material/DialogContentText";
import DialogTitle from "@mui/material/DialogTitle";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import DownloadIcon from "@mui/icons-material/Download";
import { useState } from "react";
import { FunctionField, Show, SimpleShowLayout, TextField as RaTextField, useNotify, useRecordContext, useTranslate } from "react-admin";
import { Countdown } from "../common/Countdown";
import { CustomerLink } from "../common/CustomerLink";
import { downloadJson } from "../common/download";
import { lengthProblems } from "../common/limits";
import { useGraphqlMutation } from "../common/useGraphqlMutation";
import { FieldGrid } from "../customers/tabs/FieldGrid";
import { DateTimeField, EnumChipField, EnumField } from "../fields/fields";
import { DataSubjectExportDocument, FulfilDataSubjectRequestDocument, RejectDataSubjectRequestDocument, type DataSubjectRequestItemFragment } from "../generated/graphql";
import { fetchGraphql } from "../providers/graphql";
import { useRole } from "../providers/roles";
import { DSR_OPEN, dsrStatusTones } from "./choices";

type Step = "fulfil" | "reject" | null;

/** Fulfil (performs the export, erasure, restriction or withdrawal in one transaction) or reject, with notes. */
const DsrActions = () => {
  const record = useRecordContext<DataSubjectRequestItemFragment>();
  const translate = useTranslate();
  const notify = useNotify();
  const { can } = useRole();
  const [step, setStep] = useState<Step>(null);
  const [notes, setNotes] = useState("");
  // Notes when fulfilling, the reason when rejecting: the API's lengths, shown under the field before sending.
  const notesField = step === "reject" ? "reason" : "notes";
  const notesProblem = lengthProblems(FIELD_LIMITS.DataSubjectRequest, { [notesField]: notes.trim() }, translate)[notesField];
  const [downloading, setDownloading] = useState(false);
  const fulfil = useGraphqlMutation(FulfilDataSubjectRequestDocument, { success: "tessera.dsr.fulfilled", onSuccess: () => setStep(null) });
  const reject = useGraphqlMutation(RejectDataSubjectRequestDocument, { success: "tessera.dsr.rejected", onSuccess: () => setStep(null) });
  if (!record) return null;
  const open = DSR_OPEN.includes(record.status);

  const download = async () => {
    setDownloading(true);
    try {
      const { dataSubjectExport } = await fetchGraphql(DataSubjectExportDocument, { requestId: record.id });
      downloadJson(`tessera-access-export-${record.customerId}-${dataSubjectExport.generatedAt.slice(0, 10)}.json`, dataSubjectExport.document);
      notify("tessera.dsr.downloaded", { type: "info", messageArgs: { sha256: dataSubjectExport.sha256.slice(0, 16) } });
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error), { type: "error" });
    } finally {
      setDownloading(false);
    }
  };

  return (
    <Box sx={{ display: "flex", gap: 1 }}>
      {open && can("dsr.fulfil") && (
        <>
          <Button variant="contained" size="small" onClick={() => (setNotes(""), setStep("fulfil"))}>
            {translate("tessera.dsr.fulfil")}
          </Button>
          <Button variant="outlined" size="small" color="warning" onClick={() => (setNotes(""), setStep("reject"))}>
            {translate("tessera.dsr.reject")}
          </Button>
        </>
      )}
      {record.type === "ACCESS" && record.status === "FULFILLED" && can("dsr.export") && (
        <Button variant="outlined" size="small" startIcon={<DownloadIcon />} onClick={download} disabled={downloading}>
          {translate("tessera.dsr.download")}
        </Button>
      )}
      <Dialog open={step !== null} onClose={() => setStep(null)} fullWidth maxWidth="sm">
        <DialogTitle>{translate(step === "reject" ? "tessera.dsr.reject" : "tessera.dsr.fulfil")}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>{translate(step === "reject" ? "tessera.dsr.rejectExplain" : `tessera.dsr.explain.${record.type}`)}</DialogContentText>
          <TextField
            label={translate(step === "reject" ? "tessera.dsr.reason" : "tessera.dsr.notes")}
            required={step === "reject"}
            fullWidth
            multiline
            minRows={2}
            value={notes}
            onChange={(e) => setNotes(e.target.value)}
            error={Boolean(notesProblem)}
            helperText={notesProblem}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setStep(null)}>{translate("ra.action.cancel")}</Button>
          <Button
            variant="contained"
            color={step === "reject" ? "warning" : record.type === "ERASURE" ? "error" : "primary"}
            disabled={fulfil.isPending || reject.isPending || Boolean(notesProblem) || (step === "reject" && !notes.trim())}
            onClick={() => (step === "reject" ? reject.mutate({ id: record.id, reason: notes.trim() }) : fulfil.mutate({ id: record.id, notes: notes.trim() || null }))}
          >
            {translate("ra.action.confirm")}
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
};

const DsrShow = () => {
  const translate = useTranslate();
  return (
    <Show>
      <SimpleShowLayout>
        <FunctionField<DataSubjectRequestItemFragment>
          label={false}
          render={(row) => (
            <Box sx={{ display: "flex", alignItems: "center", gap: 2, flexWrap: "wrap" }}>
              <Typography variant="h6">{translate(`tessera.enums.DataSubjectRequestType.${row.type}`)}</Typography>
              <EnumChipField source="status" enumName="DataSubjectRequestStatus" tones={dsrStatusTones} />
              <Countdown due={row.dueAt} done={!DSR_OPEN.includes(row.status)} warnWithinMs={3 * 24 * 3600 * 1000} />
              <Box sx={{ flex: 1 }} />
              <DsrActions />
            </Box>
          )}
        />
        <FieldGrid>
          <FunctionField<DataSubjectRequestItemFragment> source="customerId" render={(row) => <CustomerLink id={row.customerId} />} />
          <EnumField source="jurisdiction" enumName="Jurisdiction" />
          <DateTimeField source="receivedAt" />
          <DateTimeField source="dueAt" />
          <RaTextField source="requestedBy" />
          <DateTimeField source="fulfilledAt" />
          <RaTextField source="fulfilledBy" />
          <RaTextField source="notes" />
          <RaTextField source="outcomeNotes" />
        </FieldGrid>
        <FunctionField<DataSubjectRequestItemFragment>
          source="evidence"
          render={(row) =>
            Object.keys(row.evidence ?? {}).length ? (
              <Box component="pre" sx={{ m: 0, fontSize: 12, bgcolor: "action.hover", p: 1, borderRadius: 1, overflow: "auto" }}>
                {JSON.stringify(row.evidence, null, 2)}
              </Box>
            ) : (
              "—"
            )
          }
        />
      </SimpleShowLayout>
    </Show>
  );
};

export default DsrShow;
