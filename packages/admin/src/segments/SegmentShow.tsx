import RefreshIcon from "@mui/icons-material/Refresh";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import LinearProgress from "@mui/material/LinearProgress";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import Typography from "@mui/material/Typography";
import { useInfiniteQuery } from "@tanstack/react-query";
import { DeleteWithConfirmButton, Show, TopToolbar, useRecordContext, useTranslate } from "react-admin";
import { CustomerLink } from "../common/CustomerLink";
import { useGraphqlMutation } from "../common/useGraphqlMutation";
import { dateTimeOptions, useIntlLocale } from "../fields/format";
import { RefreshSegmentDocument, SegmentMembersDocument, type SegmentItemFragment } from "../generated/graphql";
import { fetchGraphql } from "../providers/graphql";
import { useRole } from "../providers/roles";
import { describe } from "./definition";
import { useValueLabel } from "./SegmentBuilder";

/** A stored definition as a sentence in the console's language. */
export function useDescribe() {
  const translate = useTranslate();
  const label = useValueLabel();
  return (definition: unknown) =>
    describe(definition, label, {
      and: translate("tessera.segments.and"),
      or: translate("tessera.segments.or"),
      not: translate("tessera.segments.not"),
      fieldName: (f) => translate(`tessera.enums.SegmentField.${f}`, { _: f }),
    });
}

/** Members now, as any customer list shows them to this role (pseudonymous ids for analysts). */
const Members = () => {
  const segment = useRecordContext<SegmentItemFragment>();
  const translate = useTranslate();
  const query = useInfiniteQuery({
    queryKey: ["segmentMembers", segment?.id, segment?.refreshedAt],
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) => (await fetchGraphql(SegmentMembersDocument, { id: String(segment!.id), first: 25, after: pageParam }, { signal })).segment?.members,
    getNextPageParam: (page) => (page?.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined),
    enabled: !!segment,
    retry: false,
  });
  if (query.isPending) return <LinearProgress />;
  if (query.error) return <Typography color="error">{(query.error as Error).message}</Typography>;
  const members = query.data?.pages.flatMap((p) => p?.edges.map((e) => e.node) ?? []) ?? [];
  return (
    <>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate("tessera.segments.membersNow", { count: members.length, total: query.data?.pages[0]?.totalCount ?? 0 })}
      </Typography>
      <Table size="small" data-testid="segment-members">
        <TableHead>
          <TableRow>
            <TableCell>{translate("resources.customers.name", { smart_count: 1 })}</TableCell>
            <TableCell>{translate("resources.customers.fields.kind")}</TableCell>
            <TableCell>{translate("resources.customers.fields.status")}</TableCell>
            <TableCell>{translate("resources.customers.fields.region")}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {members.map((m) => (
            <TableRow key={m.id}>
              <TableCell>
                <CustomerLink id={m.id} name={m.name} />
              </TableCell>
              <TableCell>{translate(`tessera.enums.CustomerKind.${m.kind}`)}</TableCell>
              <TableCell>{translate(`tessera.enums.CustomerStatus.${m.status}`)}</TableCell>
              <TableCell>{m.region ? translate(`tessera.regions.${m.region}`, { _: m.region }) : "—"}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {query.hasNextPage && (
        <Button sx={{ mt: 1 }} onClick={() => query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {translate("tessera.accessLog.more")}
        </Button>
      )}
    </>
  );
};

const Actions = () => {
  const segment = useRecordContext<SegmentItemFragment>();
  const translate = useTranslate();
  const { can } = useRole();
  const refresh = useGraphqlMutation(RefreshSegmentDocument, { success: "tessera.segments.refreshed" });
  if (!segment || !can("segment.create")) return <TopToolbar />;
  return (
    <TopToolbar>
      <Button size="small" startIcon={<RefreshIcon />} onClick={() => refresh.mutate({ id: segment.id })} disabled={refresh.isPending}>
        {translate("tessera.segments.refresh")}
      </Button>
      <DeleteWithConfirmButton mutationMode="pessimistic" />
    </TopToolbar>
  );
};

const Summary = () => {
  const segment = useRecordContext<SegmentItemFragment>();
  const translate = useTranslate();
  const locale = useIntlLocale();
  const describeDefinition = useDescribe();
  if (!segment) return null;
  return (
    <Box sx={{ display: "grid", gap: 1, mb: 2 }}>
      <Typography variant="h6">{segment.name}</Typography>
      <Typography variant="body2" data-testid="segment-definition">
        {describeDefinition(segment.definition)}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {translate("tessera.segments.summary", {
          // null: the count is withheld from a role that may not filter on the definition's fields.
          count: segment.memberCount?.toLocaleString(locale) ?? "—",
          at: new Intl.DateTimeFormat(locale, dateTimeOptions).format(new Date(segment.refreshedAt)),
          by: segment.createdBy,
        })}
      </Typography>
    </Box>
  );
};

const SegmentShow = () => (
  <Show actions={<Actions />}>
    <Card elevation={0}>
      <CardContent>
        <Summary />
        <Members />
      </CardContent>
    </Card>
  </Show>
);

export default SegmentShow;
