import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import LinearProgress from "@mui/material/LinearProgress";
import Stack from "@mui/material/Stack";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import Typography from "@mui/material/Typography";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Link, Title, useTranslate } from "react-admin";
import { CustomerLink } from "../common/CustomerLink";
import { DuplicateCandidatesDocument, type MergeSideFragment } from "../generated/graphql";
import { fetchGraphql } from "../providers/graphql";
import { pairId } from "./pairId";

/** One side of a pair: the name (linking to the 360) and what a steward compares at a glance. */
const Side = ({ customer }: { customer: MergeSideFragment }) => (
  <Stack spacing={0.25}>
    <CustomerLink id={customer.id} name={customer.name} />
    <Typography variant="caption" color="text.secondary">
      {[customer.phone, customer.email, customer.birthDate, customer.city].filter(Boolean).join(" · ")}
    </Typography>
  </Stack>
);

/** The steward's queue of candidate pairs (duplicateCandidates), highest score first; each opens the merge preview. */
export const DuplicateList = () => {
  const translate = useTranslate();
  const query = useInfiniteQuery({
    queryKey: ["duplicateCandidates"],
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) => (await fetchGraphql(DuplicateCandidatesDocument, { first: 25, after: pageParam }, { signal })).duplicateCandidates,
    getNextPageParam: (page) => (page.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined),
    retry: false,
  });
  const pages = query.data?.pages ?? [];
  const pairs = pages.flatMap((p) => p.edges.map((e) => e.node));
  return (
    <Box sx={{ mt: 2 }}>
      <Title title="tessera.duplicates.title" />
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate("tessera.duplicates.intro")}
      </Typography>
      {query.isPending ? (
        <LinearProgress />
      ) : query.error ? (
        <Alert severity="warning">{(query.error as Error).message}</Alert>
      ) : !pairs.length ? (
        <Alert severity="info">{translate("tessera.duplicates.empty")}</Alert>
      ) : (
        <>
          <Box sx={{ overflowX: "auto" }}>
            <Table size="small" data-testid="duplicate-queue">
              <TableHead>
                <TableRow>
                  <TableCell>{translate("resources.duplicates.fields.score")}</TableCell>
                  <TableCell>{translate("resources.duplicates.fields.customerA")}</TableCell>
                  <TableCell>{translate("resources.duplicates.fields.customerB")}</TableCell>
                  <TableCell>{translate("resources.duplicates.fields.reasons")}</TableCell>
                  <TableCell />
                </TableRow>
              </TableHead>
              <TableBody>
                {pairs.map((pair) => (
                  <TableRow key={`${pair.customerA.id}:${pair.customerB.id}`} data-testid="duplicate-pair">
                    <TableCell>
                      <Chip size="small" color={pair.score >= 80 ? "error" : pair.score >= 60 ? "warning" : "default"} label={pair.score} />
                    </TableCell>
                    <TableCell>
                      <Side customer={pair.customerA} />
                    </TableCell>
                    <TableCell>
                      <Side customer={pair.customerB} />
                    </TableCell>
                    <TableCell>
                      <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: "wrap" }}>
                        {pair.reasons.map((reason) => (
                          <Chip key={reason} size="small" variant="outlined" label={translate(`tessera.duplicates.reason.${reason}`, { _: reason })} />
                        ))}
                      </Stack>
                    </TableCell>
                    <TableCell align="right">
                      {/* The older record survives by default: it is the one other systems most likely hold. */}
                      <Button component={Link} to={mergePath(pair.customerA, pair.customerB)} size="small" variant="outlined">
                        {translate("tessera.duplicates.review")}
                      </Button>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
          <Stack direction="row" spacing={2} sx={{ mt: 1, alignItems: "center" }}>
            <Typography variant="body2" color="text.secondary">
              {translate("tessera.duplicates.count", { count: pairs.length, total: pages[0]?.totalCount ?? 0 })}
            </Typography>
            {query.hasNextPage && (
              <Button size="small" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
                {translate("tessera.duplicates.more")}
              </Button>
            )}
          </Stack>
        </>
      )}
    </Box>
  );
};

/** The merge preview of a pair, the older record as the survivor. */
export function mergePath(a: MergeSideFragment, b: MergeSideFragment): string {
  const [survivor, merged] = a.createdAt <= b.createdAt ? [a, b] : [b, a];
  return `/duplicates/${pairId(survivor.id, merged.id)}/show`;
}
