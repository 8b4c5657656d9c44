import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import LinearProgress from "@mui/material/LinearProgress";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import Tooltip from "@mui/material/Tooltip";
import Typography from "@mui/material/Typography";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useRecordContext, useTranslate } from "react-admin";
import { dateTimeOptions, useIntlLocale } from "../../fields/format";
import { CustomerAccessLogDocument } from "../../generated/graphql";
import { fetchGraphql } from "../../providers/graphql";
import type { CustomerRecord } from "../../providers/dataProvider";
import { Empty } from "./SubscriptionsTab";

/** Who accessed this customer, newest first: the audit events that name it (also part of the DSR export). */
export const AccessLogTab = () => {
  const record = useRecordContext<CustomerRecord>();
  const translate = useTranslate();
  const locale = useIntlLocale();
  const query = useInfiniteQuery({
    queryKey: ["customerAccessLog", record?.id],
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) => (await fetchGraphql(CustomerAccessLogDocument, { id: String(record!.id), first: 25, after: pageParam }, { signal })).customer?.accessLog,
    getNextPageParam: (page) => (page?.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined),
    enabled: !!record,
    retry: false,
  });
  if (query.isPending) return <LinearProgress sx={{ my: 2 }} />;
  if (query.error) return <Alert severity="warning">{(query.error as Error).message}</Alert>;
  const pages = query.data?.pages ?? [];
  const events = pages.flatMap((p) => p?.edges.map((e) => e.node) ?? []);
  const total = pages[0]?.totalCount ?? 0;
  if (!events.length) return <Empty message="tessera.accessLog.empty" />;
  const when = new Intl.DateTimeFormat(locale, dateTimeOptions);
  return (
    <>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate("tessera.accessLog.count", { count: events.length, total })}
      </Typography>
      <Table size="small" data-testid="access-log">
        <TableHead>
          <TableRow>
            <TableCell>{translate("resources.auditEvents.fields.occurredAt")}</TableCell>
            <TableCell>{translate("resources.auditEvents.fields.principal")}</TableCell>
            <TableCell>{translate("resources.auditEvents.fields.action")}</TableCell>
            <TableCell>{translate("resources.auditEvents.fields.purpose")}</TableCell>
            <TableCell>{translate("resources.auditEvents.fields.operation")}</TableCell>
            <TableCell>{translate("resources.auditEvents.fields.fields")}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {events.map((event) => (
            <TableRow key={event.seq}>
              <TableCell sx={{ whiteSpace: "nowrap" }}>{when.format(new Date(event.occurredAt))}</TableCell>
              <TableCell>
                <Typography variant="body2" sx={{ fontFamily: "monospace" }}>
                  {event.principal}
                </Typography>
                {event.role && (
                  <Typography variant="caption" color="text.secondary">
                    {translate(`tessera.enums.Role.${event.role}`, { _: event.role })}
                  </Typography>
                )}
              </TableCell>
              <TableCell>{translate(`tessera.enums.AuditAction.${event.action}`, { _: event.action })}</TableCell>
              <TableCell>{translate(`tessera.enums.Purpose.${event.purpose}`, { _: event.purpose })}</TableCell>
              <TableCell sx={{ fontFamily: "monospace" }}>{event.operation}</TableCell>
              <TableCell>
                <Tooltip title={event.fields.join(", ")}>
                  <Chip size="small" variant="outlined" label={event.fields.length} />
                </Tooltip>
              </TableCell>
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
