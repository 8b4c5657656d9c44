import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Chip from "@mui/material/Chip";
import LinearProgress from "@mui/material/LinearProgress";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import Typography from "@mui/material/Typography";
import { useQuery } from "@tanstack/react-query";
import { useRecordContext, useTranslate } from "react-admin";
import { CustomerLink } from "../../common/CustomerLink";
import { cnyOptions, localDateOptions, useIntlLocale } from "../../fields/format";
import { CustomerHouseholdDocument } from "../../generated/graphql";
import type { CustomerRecord } from "../../providers/dataProvider";
import { fetchGraphql } from "../../providers/graphql";

const Kpi = ({ label, value, help }: { label: string; value: string; help?: string }) => {
  const translate = useTranslate();
  return (
    <Box>
      <Typography variant="caption" color="text.secondary">
        {translate(label)}
      </Typography>
      <Typography variant="h6">{value}</Typography>
      {help && (
        <Typography variant="caption" color="text.secondary">
          {help}
        </Typography>
      )}
    </Box>
  );
};

/**
 * The customer's household (家庭): the members the caller may see, each linking to their own 360,
 * and the household value (the sum of the members' own CLV, as the API computes it). Members the
 * caller may not see are not in the answer at all, so nothing here counts them.
 */
export const HouseholdTab = () => {
  const record = useRecordContext<CustomerRecord>();
  const translate = useTranslate();
  const locale = useIntlLocale();
  const { data, error, isPending } = useQuery({
    queryKey: ["customerHousehold", record?.id, record?.version],
    queryFn: ({ signal }) => fetchGraphql(CustomerHouseholdDocument, { id: String(record!.id) }, { signal }),
    enabled: !!record,
    retry: false,
  });
  if (isPending) return <LinearProgress sx={{ my: 2 }} />;
  if (error) return <Alert severity="warning">{translate("tessera.household.unavailable", { message: (error as Error).message })}</Alert>;
  const household = data?.customer?.household;
  if (!household) return <Alert severity="info">{translate("tessera.household.none")}</Alert>;
  const money = new Intl.NumberFormat(locale, { ...cnyOptions, maximumFractionDigits: 0 });
  const dash = "—";
  const value = household.value;
  return (
    <Box sx={{ display: "grid", gap: 2 }} data-testid="household">
      <Card variant="outlined">
        <CardContent>
          <Typography variant="subtitle1" sx={{ mb: 1 }}>
            {household.name ?? translate("tessera.household.name")}
          </Typography>
          <Box sx={{ display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(160px, 1fr))", gap: 2 }}>
            <Kpi label="tessera.household.memberCount" value={household.memberCount == null ? dash : String(household.memberCount)} />
            <Kpi
              label="tessera.household.clv"
              value={value?.clv == null ? dash : money.format(value.clv)}
              help={value ? translate("tessera.household.valued", { smart_count: value.membersValued }) : undefined}
            />
            <Kpi label="tessera.household.meanClv" value={value?.meanClv == null ? dash : money.format(value.meanClv)} />
            <Kpi label="tessera.household.arpu" value={value?.arpu == null ? dash : translate("tessera.insight.perMonth", { amount: money.format(value.arpu) })} />
          </Box>
          <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 1 }}>
            {translate("tessera.household.formula")}
          </Typography>
        </CardContent>
      </Card>
      <Card variant="outlined">
        <CardContent>
          <Typography variant="subtitle1" sx={{ mb: 1 }}>
            {translate("tessera.household.members")}
          </Typography>
          {/* The table scrolls inside its card on narrow screens rather than widening the page. */}
          <Box sx={{ overflowX: "auto" }}>
            <Table size="small" data-testid="household-members">
              <TableHead>
                <TableRow>
                  <TableCell>{translate("tessera.household.member")}</TableCell>
                  <TableCell>{translate("tessera.household.role")}</TableCell>
                  <TableCell>{translate("tessera.household.familyNumber")}</TableCell>
                  <TableCell>{translate("tessera.household.joinedOn")}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {household.members.map((m) => (
                  <TableRow key={m.customerId}>
                    <TableCell>
                      <CustomerLink id={m.customerId} name={m.customer?.name} />
                      {m.customerId === record?.id && (
                        <Typography component="span" variant="caption" color="text.secondary" sx={{ ml: 1 }}>
                          ({translate("tessera.household.thisCustomer")})
                        </Typography>
                      )}
                    </TableCell>
                    <TableCell>{m.role ? <Chip size="small" variant={m.role === "HEAD" ? "filled" : "outlined"} label={translate(`tessera.enums.HouseholdRole.${m.role}`)} /> : dash}</TableCell>
                    <TableCell>{m.familyNumber == null ? dash : m.familyNumber ? <Chip size="small" color="success" label={translate("tessera.household.familyNumber")} /> : dash}</TableCell>
                    <TableCell>{m.joinedOn ? new Intl.DateTimeFormat(locale, localDateOptions).format(new Date(m.joinedOn)) : dash}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        </CardContent>
      </Card>
    </Box>
  );
};
