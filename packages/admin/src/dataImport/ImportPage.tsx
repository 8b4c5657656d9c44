import { ProblemText, problemText } from "../common/problems";
import UploadFileIcon from "@mui/icons-material/UploadFile";
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Chip from "@mui/material/Chip";
import FormControl from "@mui/material/FormControl";
import InputLabel from "@mui/material/InputLabel";
import LinearProgress from "@mui/material/LinearProgress";
import MenuItem from "@mui/material/MenuItem";
import Select from "@mui/material/Select";
import Stack from "@mui/material/Stack";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import Typography from "@mui/material/Typography";
import { useRef, useState } from "react";
import { IMPORT_MUTATIONS, type ImportEntity } from "@tessera/schema/access";
import { Title, useTranslate } from "react-admin";
import { uploadImport, type ImportProgress, type ImportSummary } from "../common/dataRoutes";
import { GraphqlError } from "../providers/graphql";
import { useIntlLocale } from "../fields/format";

/** What the API imports, in the order data usually arrives: from the generated access module (the API's feed list), not a copy. */
export const IMPORT_ENTITIES = Object.keys(IMPORT_MUTATIONS) as ImportEntity[];
export type { ImportEntity };

type Step = { phase: "idle" } | { phase: "running"; dryRun: boolean; progress?: ImportProgress } | { phase: "done"; summary: ImportSummary } | { phase: "failed"; message: string; dryRun: boolean };

/** The counts of a run as chips: a dry run's "valid", an applied run's inserted / updated / unchanged. */
const Counts = ({ summary }: { summary: ImportSummary | ImportProgress & { dryRun?: boolean } }) => {
  const translate = useTranslate();
  const locale = useIntlLocale();
  const n = (value: number) => value.toLocaleString(locale);
  const chips: [string, number, "default" | "success" | "info" | "error"][] = summary.dryRun
    ? [
        ["read", summary.read, "default"],
        ["valid", summary.read - summary.rejected, "success"],
        ["rejected", summary.rejected, summary.rejected ? "error" : "default"],
      ]
    : [
        ["read", summary.read, "default"],
        ["inserted", summary.inserted, "success"],
        ["updated", summary.updated, "info"],
        ["unchanged", summary.unchanged, "default"],
        ["rejected", summary.rejected, summary.rejected ? "error" : "default"],
      ];
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: "wrap" }} data-testid="import-counts">
      {chips.map(([key, value, color]) => (
        <Chip key={key} color={color} variant={color === "default" ? "outlined" : "filled"} label={`${translate(`tessera.import.count.${key}`)} ${n(value)}`} data-testid={`import-${key}`} />
      ))}
    </Stack>
  );
};

/**
 * Stewards load a CSV or NDJSON file through the API's import (the path of `tessera import`): a dry
 * run first shows what would be taken and every rejected row with its line, column and reason; Apply
 * then writes it, audited as the steward's writes. Both stream, with progress.
 */
export const ImportPage = () => {
  const translate = useTranslate();
  const locale = useIntlLocale();
  const [entity, setEntity] = useState<ImportEntity>("customers");
  const [file, setFile] = useState<File | null>(null);
  const [step, setStep] = useState<Step>({ phase: "idle" });
  const [checked, setChecked] = useState<ImportSummary | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const choose = (next: File | null) => {
    setFile(next);
    setChecked(null);
    setStep({ phase: "idle" });
  };
  const run = async (dryRun: boolean) => {
    if (!file) return;
    setStep({ phase: "running", dryRun });
    try {
      const summary = await uploadImport(entity, file, dryRun, (progress) => setStep({ phase: "running", dryRun, progress }));
      if (dryRun) setChecked(summary);
      setStep({ phase: "done", summary });
    } catch (error) {
      // A refused file (a header naming unknown columns) names each column's problem in the console's language.
      const problems = error instanceof GraphqlError ? error.problems : [];
      const message = problems.length ? problems.map((p) => `${p.field}: ${problemText(translate, p)}`).join("; ") : (error as Error).message;
      setStep({ phase: "failed", message, dryRun });
    }
  };
  const running = step.phase === "running";
  const summary = step.phase === "done" ? step.summary : null;
  const progress = step.phase === "running" ? step.progress : undefined;
  const percent = progress && progress.total > 0 ? Math.min(100, (100 * progress.bytes) / progress.total) : undefined;

  return (
    <Box sx={{ mt: 2, maxWidth: 1000 }}>
      <Title title="tessera.import.title" />
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate("tessera.import.intro")}
      </Typography>
      <Card variant="outlined">
        <CardContent>
          <Stack direction={{ xs: "column", md: "row" }} spacing={2} useFlexGap sx={{ alignItems: { md: "center" } }}>
            <FormControl size="small" sx={{ width: { xs: "100%", md: 300 }, flexShrink: 0 }}>
              <InputLabel id="import-entity">{translate("tessera.import.entity")}</InputLabel>
              <Select
                labelId="import-entity"
                label={translate("tessera.import.entity")}
                value={entity}
                disabled={running}
                onChange={(e) => {
                  setEntity(e.target.value as ImportEntity);
                  setChecked(null);
                  setStep({ phase: "idle" });
                }}
              >
                {IMPORT_ENTITIES.map((name) => (
                  <MenuItem key={name} value={name}>
                    {translate(`tessera.import.entities.${name}`)}
                  </MenuItem>
                ))}
              </Select>
            </FormControl>
            <input
              ref={input}
              type="file"
              hidden
              accept=".csv,.ndjson,.jsonl,.gz,text/csv,application/x-ndjson"
              data-testid="import-file"
              onChange={(e) => choose(e.target.files?.[0] ?? null)}
            />
            <Button variant="outlined" startIcon={<UploadFileIcon />} disabled={running} onClick={() => input.current?.click()} sx={{ flexShrink: 0, alignSelf: { xs: "flex-start", md: "center" } }}>
              {translate("tessera.import.choose")}
            </Button>
            <Typography variant="body2" sx={{ flex: 1, minWidth: 0, overflowWrap: "anywhere" }} data-testid="import-file-name">
              {file ? translate("tessera.import.chosen", { name: file.name, size: (file.size / 1024).toLocaleString(locale, { maximumFractionDigits: 1 }) }) : translate("tessera.import.noFile")}
            </Typography>
          </Stack>
          <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 1 }}>
            {translate("tessera.import.formats")}
          </Typography>
          <Stack direction="row" spacing={1} sx={{ mt: 2 }}>
            <Button variant="contained" disabled={!file || running} onClick={() => void run(true)}>
              {translate("tessera.import.check")}
            </Button>
            <Button variant="contained" color="success" disabled={!file || running || !checked} onClick={() => void run(false)}>
              {translate("tessera.import.apply")}
            </Button>
          </Stack>
          {!checked && file && !running && (
            <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 1 }}>
              {translate("tessera.import.checkFirst")}
            </Typography>
          )}
        </CardContent>
      </Card>

      {running && (
        <Box sx={{ mt: 2 }} data-testid="import-progress">
          <Typography variant="body2" sx={{ mb: 1 }}>
            {translate(step.dryRun ? "tessera.import.checking" : "tessera.import.applying", { rows: (progress?.read ?? 0).toLocaleString(locale) })}
          </Typography>
          <LinearProgress variant={percent === undefined ? "indeterminate" : "determinate"} value={percent} />
        </Box>
      )}
      {step.phase === "failed" && (
        <Alert severity="error" sx={{ mt: 2 }} data-testid="import-error">
          {translate("tessera.import.failed", { message: step.message })}
        </Alert>
      )}
      {summary && (
        <Box sx={{ mt: 2 }} data-testid="import-report">
          <Alert severity={summary.rejected ? "warning" : "success"} sx={{ mb: 2 }}>
            {translate(summary.dryRun ? "tessera.import.checked" : "tessera.import.applied", {
              entity: translate(`tessera.import.entities.${summary.entity}`),
              seconds: summary.seconds.toLocaleString(locale, { maximumFractionDigits: 1 }),
            })}
            {summary.dryRun && !summary.rejected && ` ${translate("tessera.import.readyToApply")}`}
            {summary.dryRun && summary.rejected > 0 && ` ${translate("tessera.import.rejectsStay")}`}
          </Alert>
          <Counts summary={summary} />
          {summary.rejects.length > 0 && (
            <>
              <Typography variant="subtitle2" sx={{ mt: 2, mb: 1 }}>
                {summary.rejected > summary.rejectsListed
                  ? translate("tessera.import.rejectsFirst", { listed: summary.rejectsListed, total: summary.rejected })
                  : translate("tessera.import.rejects")}
              </Typography>
              <Box sx={{ overflowX: "auto" }}>
                <Table size="small" data-testid="import-rejects">
                  <TableHead>
                    <TableRow>
                      <TableCell sx={{ whiteSpace: "nowrap" }}>{translate("tessera.import.line")}</TableCell>
                      <TableCell>{translate("tessera.import.column")}</TableCell>
                      <TableCell>{translate("tessera.import.reason")}</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {summary.rejects.map((reject, i) => (
                      <TableRow key={`${reject.line}-${i}`}>
                        <TableCell>{reject.line}</TableCell>
                        <TableCell sx={{ fontFamily: "monospace" }}>{reject.column || "—"}</TableCell>
                        <TableCell data-testid="import-reason">
                          {/* The API's English reason unless the console's language has texts for the codes (Chinese does). */}
                          {reject.problems?.length && translate(`tessera.problems.${reject.problems[0]!.code}`, { _: "" })
                            ? reject.problems.map((p, k) => (
                                <Box component="span" key={k} sx={{ display: "block" }}>
                                  {reject.problems!.length > 1 && p.column && <code>{p.column} </code>}
                                  <ProblemText translate={translate} problem={p} />
                                </Box>
                              ))
                            : reject.reason}
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </Box>
            </>
          )}
        </Box>
      )}
    </Box>
  );
};
