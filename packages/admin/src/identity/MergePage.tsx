import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Checkbox from "@mui/material/Checkbox";
import FormControlLabel from "@mui/material/FormControlLabel";
import LinearProgress from "@mui/material/LinearProgress";
import Radio from "@mui/material/Radio";
import Stack from "@mui/material/Stack";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import Typography from "@mui/material/Typography";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, Title, useNotify, useParams, useRedirect, useStore, useTranslate } from "react-admin";
import { CustomerLink } from "../common/CustomerLink";
import {
  MergeChoice,
  DismissDuplicateDocument,
  MergeCustomersDocument,
  MergePreviewDocument,
  UnmergeCustomersDocument,
  type ConsentResolution,
  type CustomerMergeItemFragment,
  type MergeableField,
  type MergePreviewQuery,
  type MergeSideFragment,
} from "../generated/graphql";
import { fetchGraphql, GraphqlError } from "../providers/graphql";
import { pairId } from "./pairId";

type Preview = MergePreviewQuery["mergePreview"];
type ConsentConflict = Preview["consentConflicts"][number];

const consentKey = (c: Pick<ConsentConflict, "purpose" | "channel" | "partnerId">) => [c.purpose, c.channel ?? "", c.partnerId ?? ""].join("/");

/**
 * The side-by-side merge preview (mergePreview): every conflicting field with both values and a
 * choice, the consent conflicts and what moves; then Merge (with the versions the steward saw:
 * a record changed since answers CONFLICT, shown as "changed, reload") and Undo merge.
 */
const MergePage = () => {
  const { id = "" } = useParams<{ id: string }>();
  const [survivorId = "", mergedId = ""] = decodeURIComponent(id).split("~");
  const translate = useTranslate();
  const notify = useNotify();
  const [fields, setFields] = useState<Partial<Record<MergeableField, MergeChoice>>>({});
  const [consents, setConsents] = useState<Record<string, MergeChoice>>({});
  const [acknowledge, setAcknowledge] = useState(false);
  const [stale, setStale] = useState(false);
  // Kept in react-admin's store so "Undo merge" is still offered after a look at the two records.
  const [merge, setMerge] = useStore<CustomerMergeItemFragment | undefined>(`tessera.merge.${survivorId}~${mergedId}`, undefined);

  const preview = useQuery({
    queryKey: ["mergePreview", survivorId, mergedId],
    queryFn: async ({ signal }) => (await fetchGraphql(MergePreviewDocument, { survivorId, mergedId }, { signal })).mergePreview,
    enabled: !merge,
    retry: false,
  });
  const failed = (error: unknown) => {
    if (error instanceof GraphqlError && error.code === "CONFLICT") setStale(true);
    notify(error instanceof GraphqlError && error.code === "CONFLICT" ? "tessera.merge.stale" : error instanceof Error ? error.message : String(error), {
      type: "error",
      autoHideDuration: 10_000,
    });
  };
  const mergeMutation = useMutation({
    mutationFn: (p: Preview) =>
      fetchGraphql(MergeCustomersDocument, {
        survivorId,
        mergedId,
        expectedVersions: { survivor: p.survivor.version, merged: p.merged.version },
        resolutions: {
          fields: Object.entries(fields).map(([field, choose]) => ({ field: field as MergeableField, choose })),
          consents: p.consentConflicts
            .filter((c) => consents[consentKey(c)])
            .map((c): ConsentResolution => ({ purpose: c.purpose, channel: c.channel, partnerId: c.partnerId, choose: consents[consentKey(c)]! })),
          acknowledgeRestriction: acknowledge || undefined,
        },
      }),
    onSuccess: (result) => {
      setMerge(result.mergeCustomers);
      notify("tessera.merge.merged_ok", { type: "success" });
    },
    onError: failed,
  });
  const undoMutation = useMutation({
    mutationFn: (mergeId: string) => fetchGraphql(UnmergeCustomersDocument, { mergeId }),
    onSuccess: (result) => {
      setMerge(undefined);
      setFields({});
      setConsents({});
      notify("tessera.merge.undone", { type: "success" });
      void preview.refetch();
      return result;
    },
    onError: failed,
  });

  // "Not a duplicate": the pair leaves the queue for good (later refreshes skip it).
  const redirect = useRedirect();
  const dismissMutation = useMutation({
    mutationFn: () => fetchGraphql(DismissDuplicateDocument, { customerId: survivorId, otherCustomerId: mergedId }),
    onSuccess: () => {
      notify("tessera.duplicates.dismissed", { type: "success" });
      redirect("/duplicates");
    },
    onError: failed,
  });

  const reload = () => {
    setStale(false);
    void preview.refetch();
  };

  if (merge) {
    return (
      <Box sx={{ mt: 2 }}>
        <Title title="tessera.merge.title" />
        <Alert severity="success" data-testid="merge-done" sx={{ mb: 2 }}>
          {translate("tessera.merge.merged_ok")}
        </Alert>
        <Stack direction={{ xs: "column", sm: "row" }} spacing={2} sx={{ alignItems: { sm: "center" } }}>
          <Button component={Link} to={`/customers/${merge.survivorId}/show`} variant="contained">
            {translate("tessera.merge.openSurvivor")}
          </Button>
          <CustomerLink id={merge.mergedId} />
          <Button color="warning" variant="outlined" onClick={() => undoMutation.mutate(merge.id)} disabled={undoMutation.isPending}>
            {translate("tessera.merge.undo")}
          </Button>
        </Stack>
        <MoveTable moves={merge.moves} />
      </Box>
    );
  }
  if (preview.isPending) return <LinearProgress sx={{ mt: 2 }} />;
  if (preview.error) return <Alert severity="warning" sx={{ mt: 2 }}>{(preview.error as Error).message}</Alert>;
  const p = preview.data;
  const restricted = p.warnings.length > 0;
  const choice = (field: MergeableField, fallback: MergeChoice) => fields[field] ?? fallback;
  const valueOf = (value: string | null | undefined) => value ?? translate("tessera.merge.empty");

  return (
    <Box sx={{ mt: 2 }}>
      <Title title="tessera.merge.title" />
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate("tessera.merge.intro")}
      </Typography>
      {stale && (
        <Alert severity="error" sx={{ mb: 2 }} data-testid="merge-stale" action={<Button onClick={reload}>{translate("tessera.merge.reload")}</Button>}>
          {translate("tessera.merge.stale")}
        </Alert>
      )}
      <Stack direction={{ xs: "column", md: "row" }} spacing={2} sx={{ mb: 2 }}>
        <SideCard title="tessera.merge.survivor" customer={p.survivor} />
        <SideCard title="tessera.merge.merged" customer={p.merged} />
      </Stack>
      <Button component={Link} to={`/duplicates/${pairId(mergedId, survivorId)}/show`} size="small" sx={{ mb: 2 }}>
        {translate("tessera.merge.swap")}
      </Button>

      <Section title="tessera.merge.conflicts">
        {p.conflicts.length === 0 ? (
          <Typography variant="body2">{translate("tessera.merge.noConflicts")}</Typography>
        ) : (
          <Box sx={{ overflowX: "auto" }}>
            <Table size="small" data-testid="merge-conflicts">
              <TableHead>
                <TableRow>
                  <TableCell>{translate("tessera.merge.field")}</TableCell>
                  <TableCell>{translate("tessera.merge.survivor")}</TableCell>
                  <TableCell>{translate("tessera.merge.merged")}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {p.conflicts.map((c) => {
                  const chosen = choice(c.field, c.defaultChoice);
                  const option = (side: MergeChoice, value: string | null | undefined) => (
                    <FormControlLabel
                      sx={{ alignItems: "flex-start", m: 0 }}
                      control={
                        <Radio
                          size="small"
                          sx={{ pt: 0.25 }}
                          checked={chosen === side}
                          onChange={() => setFields((f) => ({ ...f, [c.field]: side }))}
                          inputProps={{ "aria-label": `${c.field} ${side}` }}
                          name={`field-${c.field}`}
                          value={side}
                        />
                      }
                      label={<Typography variant="body2" sx={{ wordBreak: "break-word" }}>{valueOf(value)}</Typography>}
                    />
                  );
                  return (
                    <TableRow key={c.field} data-testid={`conflict-${c.field}`}>
                      <TableCell sx={{ whiteSpace: "nowrap", verticalAlign: "top" }}>
                        {translate(`resources.customers.fields.${c.field}`, { _: c.field })}
                        {c.defaultNote && !fields[c.field] && (
                          <Typography variant="caption" color="text.secondary" sx={{ display: "block", whiteSpace: "normal" }}>
                            {translate("tessera.merge.defaultNote", { note: c.defaultNote })}
                          </Typography>
                        )}
                      </TableCell>
                      <TableCell sx={{ verticalAlign: "top" }}>{option(MergeChoice.SURVIVOR, c.survivorValue)}</TableCell>
                      <TableCell sx={{ verticalAlign: "top" }}>{option(MergeChoice.MERGED, c.mergedValue)}</TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </Box>
        )}
        {p.filled.length > 0 && (
          <Typography variant="body2" sx={{ mt: 1 }}>
            {translate("tessera.merge.filled")}: {p.filled.map((f) => translate(`resources.customers.fields.${f}`, { _: f })).join(", ")}
          </Typography>
        )}
      </Section>

      <Section title="tessera.merge.consents">
        {p.consentConflicts.length === 0 ? (
          <Typography variant="body2">{translate("tessera.merge.noConsentConflicts")}</Typography>
        ) : (
          <ConsentTable conflicts={p.consentConflicts} choices={consents} onChoose={(key, side) => setConsents((c) => ({ ...c, [key]: side }))} />
        )}
      </Section>

      <Section title="tessera.merge.moves">
        <MoveTable moves={p.moves} />
      </Section>

      {restricted && (
        <Alert severity="warning" sx={{ mb: 2 }}>
          <Typography variant="subtitle2">{translate("tessera.merge.warnings")}</Typography>
          {p.warnings.map((w) => (
            <Typography key={w} variant="body2">
              {w}
            </Typography>
          ))}
          <FormControlLabel
            control={<Checkbox checked={acknowledge} onChange={(e) => setAcknowledge(e.target.checked)} />}
            label={translate("tessera.merge.acknowledgeRestriction")}
          />
        </Alert>
      )}
      <Stack direction="row" spacing={2}>
        <Button variant="contained" onClick={() => mergeMutation.mutate(p)} disabled={mergeMutation.isPending || preview.isFetching || stale || (restricted && !acknowledge)}>
          {translate("tessera.merge.merge")}
        </Button>
        <Button variant="outlined" data-testid="merge-dismiss" onClick={() => dismissMutation.mutate()} disabled={dismissMutation.isPending || mergeMutation.isPending}>
          {translate("tessera.duplicates.dismiss")}
        </Button>
      </Stack>
    </Box>
  );
};

const Section = ({ title, children }: { title: string; children: React.ReactNode }) => {
  const translate = useTranslate();
  return (
    <Box sx={{ mb: 3 }}>
      <Typography variant="h6" sx={{ mb: 1 }}>
        {translate(title)}
      </Typography>
      {children}
    </Box>
  );
};

const SideCard = ({ title, customer }: { title: string; customer: MergeSideFragment }) => {
  const translate = useTranslate();
  return (
    <Card variant="outlined" sx={{ flex: 1, minWidth: 0 }}>
      <CardContent>
        <Typography variant="overline" color="text.secondary">
          {translate(title)}
        </Typography>
        <Typography variant="h6" sx={{ wordBreak: "break-word" }}>
          <CustomerLink id={customer.id} name={customer.name} />
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ wordBreak: "break-word" }}>
          {[customer.phone, customer.email, customer.nationalId, customer.birthDate, customer.city].filter(Boolean).join(" · ")}
        </Typography>
      </CardContent>
    </Card>
  );
};

const ConsentTable = ({
  conflicts,
  choices,
  onChoose,
}: {
  conflicts: ConsentConflict[];
  choices: Record<string, MergeChoice>;
  onChoose: (key: string, side: MergeChoice) => void;
}) => {
  const translate = useTranslate();
  const status = (s: string) => translate(`tessera.enums.ConsentStatus.${s}`, { _: s });
  return (
    <Box sx={{ overflowX: "auto" }}>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate("tessera.merge.resultHelp")}
      </Typography>
      <Table size="small" data-testid="merge-consents">
        <TableHead>
          <TableRow>
            <TableCell>{translate("tessera.merge.consentKey")}</TableCell>
            <TableCell>{translate("tessera.merge.survivor")}</TableCell>
            <TableCell>{translate("tessera.merge.merged")}</TableCell>
            <TableCell>{translate("tessera.merge.result")}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {conflicts.map((c) => {
            const key = consentKey(c);
            const chosen = choices[key];
            const result = chosen === MergeChoice.SURVIVOR ? c.survivorStatus : chosen === MergeChoice.MERGED ? c.mergedStatus : c.resultStatus;
            const option = (side: MergeChoice, value: string) => (
              <FormControlLabel
                sx={{ m: 0 }}
                control={<Radio size="small" checked={chosen === side} onChange={() => onChoose(key, side)} name={`consent-${key}`} value={side} />}
                label={status(value)}
              />
            );
            return (
              <TableRow key={key}>
                <TableCell>
                  {translate(`tessera.enums.Purpose.${c.purpose}`, { _: c.purpose })}
                  {c.channel && ` · ${translate(`tessera.enums.ContactChannel.${c.channel}`, { _: c.channel })}`}
                  {c.partnerId && ` · ${c.partnerId.slice(0, 8)}`}
                </TableCell>
                <TableCell>{option(MergeChoice.SURVIVOR, c.survivorStatus)}</TableCell>
                <TableCell>{option(MergeChoice.MERGED, c.mergedStatus)}</TableCell>
                <TableCell>
                  <strong>{status(result)}</strong>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Box>
  );
};

const MoveTable = ({ moves }: { moves: { table: string; action: string; rows: number }[] }) => {
  const translate = useTranslate();
  const shown = moves.filter((m) => m.rows > 0);
  return (
    <Table size="small" data-testid="merge-moves" sx={{ maxWidth: 560, mt: 1 }}>
      <TableBody>
        {shown.map((m) => (
          <TableRow key={m.table}>
            <TableCell>{m.table}</TableCell>
            <TableCell align="right">{translate("tessera.merge.rows", { smart_count: m.rows })}</TableCell>
            <TableCell>{translate(`tessera.merge.action.${m.action}`, { _: m.action })}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

export default MergePage;
