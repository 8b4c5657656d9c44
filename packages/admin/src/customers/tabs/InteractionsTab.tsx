import { FIELD_LIMITS } from "@tessera/schema/limits";
import AddCommentIcon from "@mui/icons-material/AddComment";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import LinearProgress from "@mui/material/LinearProgress";
import Typography from "@mui/material/Typography";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ExportCsvButton } from "../../common/ExportCsvButton";
import { DateTimeInput, Form, SaveButton, SelectInput, TextInput, required, useRecordContext, useTranslate } from "react-admin";
import { lengthValidators } from "../../common/limits";
import { Timeline } from "../../common/Timeline";
import { problemsByField, useGraphqlMutation } from "../../common/useGraphqlMutation";
import { useEnumLabel } from "../../fields/fields";
import { CustomerInteractionsDocument, InteractionChannel, InteractionType, LogInteractionDocument } from "../../generated/graphql";
import { fetchGraphql } from "../../providers/graphql";
import type { CustomerRecord } from "../../providers/dataProvider";
import { useRole } from "../../providers/roles";
import { enumChoices } from "../choices";
import { Empty } from "./SubscriptionsTab";

const limits = lengthValidators(FIELD_LIMITS.Interaction);

type InteractionRow = CustomerRecord["interactions"][number];

const typeTones: Record<string, "primary" | "success" | "warning" | "error" | "info" | "grey"> = {
  COMPLAINT: "error",
  FAULT_REPORT: "warning",
  COMPLIMENT: "success",
  MARKETING: "info",
  CARE: "info",
};

/** Logs a contact from any channel, so the next agent in any other channel sees it at once. */
const LogInteractionDialog = ({ customerId, onLogged }: { customerId: string; onLogged: (id: string) => void }) => {
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const mutation = useGraphqlMutation(LogInteractionDocument, {
    success: "tessera.interactions.logged",
    onSuccess: (result) => {
      setOpen(false);
      onLogged(result.logInteraction.id);
    },
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- react-admin form values are untyped
  const submit = async (values: Record<string, any>) => {
    try {
      await mutation.mutateAsync({
        input: {
          customerId,
          channel: values.channel,
          type: values.type,
          summary: values.summary || null,
          outcome: values.outcome || null,
          occurredAt: values.occurredAt ? new Date(values.occurredAt).toISOString() : null,
        },
      });
    } catch (error) {
      const problems = problemsByField(error, translate);
      if (Object.keys(problems).length) return problems;
    }
    return undefined;
  };
  return (
    <>
      <Button variant="contained" size="small" startIcon={<AddCommentIcon />} onClick={() => setOpen(true)}>
        {translate("tessera.interactions.log")}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="sm">
        <Form onSubmit={submit} defaultValues={{ channel: "HOTLINE", type: "CONSULTATION" }} warnWhenUnsavedChanges>
          <DialogTitle>{translate("tessera.interactions.log")}</DialogTitle>
          <DialogContent>
            <Box sx={{ display: "grid", gridTemplateColumns: { xs: "1fr", sm: "1fr 1fr" }, columnGap: 2 }}>
              <SelectInput source="channel" label="tessera.interactions.channel" choices={enumChoices(InteractionChannel, "InteractionChannel")} validate={required()} />
              <SelectInput source="type" label="tessera.interactions.type" choices={enumChoices(InteractionType, "InteractionType")} validate={required()} />
              <TextInput source="summary" label="tessera.interactions.summary" multiline minRows={3} sx={{ gridColumn: "1 / -1" }} validate={[required(), limits.summary]} />
              <TextInput source="outcome" label="tessera.interactions.outcome" validate={limits.outcome} />
              <DateTimeInput source="occurredAt" label="tessera.interactions.occurredAt" helperText="tessera.interactions.occurredAtHelp" />
            </Box>
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setOpen(false)}>{translate("ra.action.cancel")}</Button>
            <SaveButton label="tessera.interactions.logButton" alwaysEnable />
          </DialogActions>
        </Form>
      </Dialog>
    </>
  );
};

const PAGE = 20;

/**
 * The interaction history across all channels, newest first, a page at a time through the whole
 * history (the API's cursor), so an agent sees everything the customer already told us.
 */
export const InteractionsTab = () => {
  const record = useRecordContext<CustomerRecord>();
  const translate = useTranslate();
  const { can } = useRole();
  const channel = useEnumLabel("InteractionChannel");
  const type = useEnumLabel("InteractionType");
  const [highlight, setHighlight] = useState<string | null>(null);
  const query = useInfiniteQuery({
    queryKey: ["customerInteractions", record?.id],
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) => (await fetchGraphql(CustomerInteractionsDocument, { id: String(record!.id), first: PAGE, after: pageParam }, { signal })).customer?.interactions,
    getNextPageParam: (page) => (page?.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined),
    enabled: !!record,
    retry: false,
  });
  if (!record) return null;
  const pages = query.data?.pages ?? [];
  const rows: InteractionRow[] = query.isPending ? record.interactions : pages.flatMap((p) => p?.edges.map((e) => e.node) ?? []);
  const total = pages[0]?.totalCount ?? record.interactionCount;
  return (
    <>
      <Box sx={{ display: "flex", alignItems: "center", mb: 2 }}>
        <Typography variant="body2" color="text.secondary" sx={{ flex: 1 }}>
          {total > 0 && translate("tessera.interactions.latest", { count: rows.length, total })}
        </Typography>
        <Stack direction="row" spacing={1} sx={{ alignItems: "center" }}>
          {record.interactionCount > 0 && <ExportCsvButton entity="interactions" params={{ customerId: record.id }} />}
          {can("interaction.log") && <LogInteractionDialog customerId={record.id} onLogged={setHighlight} />}
        </Stack>
      </Box>
      {query.isFetching && <LinearProgress sx={{ mb: 1 }} />}
      {rows.length === 0 ? (
        <Empty message="tessera.interactions.empty" />
      ) : (
        <Timeline
          testId="interaction-timeline"
          items={rows.map((row: InteractionRow) => ({
            key: row.id,
            at: row.occurredAt,
            tone: (row.type && typeTones[row.type]) || "primary",
            highlight: row.id === highlight,
            title: [type(row.type), channel(row.channel)].filter(Boolean).join(" · ") || "—",
            meta: row.agent ?? undefined,
            body: (
              <>
                {row.summary}
                {row.outcome && (
                  <Typography variant="caption" component="div">
                    {translate("tessera.interactions.outcomeLine", { outcome: translate(`tessera.interactions.outcomes.${row.outcome}`, { _: row.outcome }) })}
                  </Typography>
                )}
              </>
            ),
          }))}
        />
      )}
      {query.hasNextPage && (
        <Button sx={{ mt: 1 }} onClick={() => query.fetchNextPage()} disabled={query.isFetchingNextPage} data-testid="interactions-more">
          {translate("tessera.interactions.more")}
        </Button>
      )}
    </>
  );
};
