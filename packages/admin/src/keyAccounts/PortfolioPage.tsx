import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Card from "@mui/material/Card";
import Chip from "@mui/material/Chip";
import LinearProgress from "@mui/material/LinearProgress";
import Stack from "@mui/material/Stack";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import Typography from "@mui/material/Typography";
import { useQuery } from "@tanstack/react-query";
import { Title, useTranslate } from "react-admin";
import { CustomerLink } from "../common/CustomerLink";
import { useEnumLabel } from "../fields/fields";
import { PortfolioDocument } from "../generated/graphql";
import { fetchGraphql } from "../providers/graphql";
import { TierChip } from "./TierChip";
import { WarningCard } from "./WarningCard";

/** Cases still being worked: every status but RESOLVED and CLOSED. */
const DONE = new Set(["RESOLVED", "CLOSED"]);

/**
 * An account manager's portfolio (客户经理的大客户): their key accounts with tier, open early
 * warnings and open cases, and the open cause-analysis tasks to close. `portfolio()` without an
 * argument is the caller's own.
 */
export const PortfolioPage = () => {
  const translate = useTranslate();
  const kind = useEnumLabel("CustomerKind");
  const query = useQuery({
    queryKey: ["portfolio"],
    queryFn: async ({ signal }) => (await fetchGraphql(PortfolioDocument, {}, { signal })).portfolio,
    retry: false,
  });
  return (
    <Box sx={{ mt: 2, maxWidth: 1100 }} data-testid="portfolio">
      <Title title="tessera.portfolio.title" />
      {query.isPending ? (
        <LinearProgress />
      ) : query.error ? (
        <Alert severity="warning">{(query.error as Error).message}</Alert>
      ) : (
        <Stack spacing={2}>
          <Typography variant="body2" color="text.secondary">
            {translate("tessera.portfolio.intro", { manager: query.data.accountManager })}
          </Typography>
          {!query.data.accounts.length ? (
            <Alert severity="info" data-testid="portfolio-empty">
              {translate("tessera.portfolio.empty")}
            </Alert>
          ) : (
            <Card variant="outlined" sx={{ overflowX: "auto" }}>
              <Table size="small" data-testid="portfolio-accounts">
                <TableHead>
                  <TableRow>
                    <TableCell>{translate("tessera.portfolio.account")}</TableCell>
                    <TableCell>{translate("tessera.portfolio.kind")}</TableCell>
                    <TableCell>{translate("tessera.portfolio.tier")}</TableCell>
                    <TableCell align="right">{translate("tessera.portfolio.responseSla")}</TableCell>
                    <TableCell align="right">{translate("tessera.portfolio.openWarnings")}</TableCell>
                    <TableCell align="right">{translate("tessera.portfolio.openCases")}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {query.data.accounts.map((a) => {
                    const warnings = a.warnings.filter((w) => w.status === "OPEN").length;
                    const cases = a.customer?.cases.filter((c) => !DONE.has(c.status)).length ?? 0;
                    return (
                      <TableRow key={a.customerId} data-testid="portfolio-account">
                        <TableCell>
                          <CustomerLink id={a.customerId} name={a.customer?.name} />
                        </TableCell>
                        <TableCell>{kind(a.customer?.kind)}</TableCell>
                        <TableCell>
                          <TierChip tier={a.tier} />
                        </TableCell>
                        <TableCell align="right" sx={{ whiteSpace: "nowrap" }}>
                          {translate("tessera.keyAccount.hours", { h: a.responseHours })}
                        </TableCell>
                        <TableCell align="right">{warnings ? <Chip size="small" color="warning" label={warnings} /> : 0}</TableCell>
                        <TableCell align="right">{cases}</TableCell>
                      </TableRow>
                    );
                  })}
                </TableBody>
              </Table>
            </Card>
          )}
          <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
            {translate("tessera.portfolio.tasks", { count: query.data.openWarnings.length })}
          </Typography>
          {!query.data.openWarnings.length && <Alert severity="success">{translate("tessera.keyAccount.noWarnings")}</Alert>}
          {query.data.openWarnings.map((w) => (
            <WarningCard key={w.id} warning={w} header={<CustomerLink id={w.customerId} name={w.customer?.name} />} />
          ))}
        </Stack>
      )}
    </Box>
  );
};
