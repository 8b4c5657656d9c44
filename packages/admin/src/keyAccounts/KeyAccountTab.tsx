import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Chip from "@mui/material/Chip";
import LinearProgress from "@mui/material/LinearProgress";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useRecordContext, useTranslate } from "react-admin";
import { CustomerLink } from "../common/CustomerLink";
import { useEnumLabel } from "../fields/fields";
import { joinList, useIntlLocale } from "../fields/format";
import { CustomerKeyAccountDocument } from "../generated/graphql";
import { fetchGraphql } from "../providers/graphql";
import type { CustomerRecord } from "../providers/dataProvider";
import { TierChip } from "./TierChip";
import { WarningCard } from "./WarningCard";

/** Key accounts are enterprise and government customers (account.service KEY_ACCOUNT_KINDS). */
export const KEY_ACCOUNT_KINDS: readonly string[] = ["ENTERPRISE", "GOVERNMENT"];

const Item = ({ label, children }: { label: string; children: ReactNode }) => (
  <Box sx={{ minWidth: 0 }}>
    <Typography variant="caption" color="text.secondary" component="div">
      {label}
    </Typography>
    <Typography variant="body2" component="div" sx={{ overflowWrap: "anywhere" }}>
      {children ?? "—"}
    </Typography>
  </Box>
);

/**
 * The 360's key-account tab (大客户 / 政企客户): tier and its service commitments, the dossier,
 * group → branches, the account manager and the early warnings with their close action. Loads on
 * its own (`customer(id) { keyAccount }`), like the insight tab.
 */
export const KeyAccountTab = () => {
  const record = useRecordContext<CustomerRecord>();
  const translate = useTranslate();
  const level = useEnumLabel("ServiceLevel");
  const service = useEnumLabel("BilledService");
  const locale = useIntlLocale();
  const query = useQuery({
    queryKey: ["keyAccount", record?.id],
    enabled: Boolean(record?.id),
    queryFn: async ({ signal }) => (await fetchGraphql(CustomerKeyAccountDocument, { id: String(record!.id) }, { signal })).customer,
  });
  if (query.isPending) return <LinearProgress sx={{ my: 2 }} />;
  if (query.error) return <Alert severity="warning">{(query.error as Error).message}</Alert>;
  const account = query.data?.keyAccount;
  if (!account) return <Alert severity="info" data-testid="key-account-none">{translate("tessera.keyAccount.none")}</Alert>;
  const hours = (h: number) => translate("tessera.keyAccount.hours", { h });
  const open = account.warnings.filter((w) => w.status === "OPEN");
  const closed = account.warnings.filter((w) => w.status !== "OPEN");
  return (
    <Stack spacing={2} sx={{ py: 1 }} data-testid="key-account">
      <Card variant="outlined">
        <CardContent>
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: "wrap", alignItems: "center", mb: 2 }}>
            <TierChip tier={account.tier} />
            <Chip size="small" variant="outlined" label={level(account.serviceLevel)} />
            <Box sx={{ flex: 1 }} />
            <Typography variant="body2" data-testid="key-account-manager">
              {translate("tessera.keyAccount.manager")}: {account.accountManager ?? translate("tessera.keyAccount.noManager")}
            </Typography>
          </Stack>
          <Box sx={{ display: "grid", gap: 2, gridTemplateColumns: { xs: "1fr", sm: "repeat(2, minmax(0, 1fr))", md: "repeat(3, minmax(0, 1fr))" } }}>
            <Item label={translate("tessera.keyAccount.responseSla")}>{hours(account.responseHours)}</Item>
            <Item label={translate("tessera.keyAccount.handlingSla")}>{hours(account.handlingHours)}</Item>
            <Item label={translate("tessera.keyAccount.productsHeld")}>{account.productsHeld.length ? joinList(account.productsHeld.map((p) => service(p)), locale) : null}</Item>
            <Item label={translate("tessera.keyAccount.networkStructure")}>{account.networkStructure}</Item>
            <Item label={translate("tessera.keyAccount.equipment")}>{account.equipment}</Item>
            <Item label={translate("tessera.keyAccount.technicalContact")}>
              {account.technicalContactName || account.technicalContactPhone ? [account.technicalContactName, account.technicalContactPhone].filter(Boolean).join(" · ") : null}
            </Item>
            <Item label={translate("tessera.keyAccount.sites")}>{account.sites?.length ? account.sites.join("；") : null}</Item>
            <Item label={translate("tessera.keyAccount.group")}>{account.group ? <CustomerLink id={account.group.id} name={account.group.name} /> : account.groupId ? <CustomerLink id={account.groupId} /> : null}</Item>
            <Item label={translate("tessera.keyAccount.branches")}>
              {account.branches.length ? (
                <Stack spacing={0.5}>
                  {account.branches.map((b) => (
                    <Stack key={b.customerId} direction="row" spacing={1} sx={{ alignItems: "center" }}>
                      <CustomerLink id={b.customerId} name={b.customer?.name} />
                      <TierChip tier={b.tier} />
                    </Stack>
                  ))}
                </Stack>
              ) : null}
            </Item>
          </Box>
        </CardContent>
      </Card>
      <Typography variant="subtitle1" sx={{ fontWeight: 600 }}>
        {translate("tessera.keyAccount.warnings", { count: open.length })}
      </Typography>
      {!account.warnings.length && <Alert severity="success">{translate("tessera.keyAccount.noWarnings")}</Alert>}
      {[...open, ...closed].map((w) => (
        <WarningCard key={w.id} warning={w} />
      ))}
    </Stack>
  );
};
