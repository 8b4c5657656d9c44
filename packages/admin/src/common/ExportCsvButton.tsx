import DownloadIcon from "@mui/icons-material/Download";
import Button from "@mui/material/Button";
import { useState } from "react";
import { useNotify, useTranslate } from "react-admin";
import { downloadExport } from "./dataRoutes";

/**
 * Downloads a list as CSV through the API's export (the path of `tessera export`): every record the
 * signed-in user may see, with the values they read over GraphQL (analysts: pseudonymous), audited.
 */
export const ExportCsvButton = ({ entity, params }: { entity: "customers" | "interactions"; params?: Record<string, string> }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await downloadExport(entity, params);
    } catch (error) {
      notify(translate("tessera.export.failed", { message: (error as Error).message }), { type: "error", autoHideDuration: 10_000 });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button size="small" startIcon={<DownloadIcon />} disabled={busy} onClick={() => void run()} title={translate("tessera.export.help")}>
      {translate(busy ? "tessera.export.running" : "tessera.export.csv")}
    </Button>
  );
};
