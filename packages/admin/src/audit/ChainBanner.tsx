import Alert from "@mui/material/Alert";
import { useQuery } from "@tanstack/react-query";
import { useTranslate } from "react-admin";
import { AuditChainDocument } from "../generated/graphql";
import { fetchGraphql } from "../providers/graphql";

/** The result of re-computing the audit hash chain: proof the trail below has not been altered. */
export const ChainBanner = () => {
  const translate = useTranslate();
  const { data, error, isPending } = useQuery({ queryKey: ["auditChain"], queryFn: () => fetchGraphql(AuditChainDocument, {}), staleTime: 30_000 });
  if (isPending) return <Alert severity="info" sx={{ mb: 1 }}>{translate("tessera.audit.chainChecking")}</Alert>;
  if (error || !data) return <Alert severity="warning" sx={{ mb: 1 }}>{translate("tessera.audit.chainUnknown")}</Alert>;
  const chain = data.auditChain;
  return chain.ok ? (
    <Alert severity="success" sx={{ mb: 1 }} data-testid="chain-banner">
      {translate("tessera.audit.chainOk", { checked: chain.checked.toLocaleString(), hash: chain.lastHash.slice(0, 16) })}
    </Alert>
  ) : (
    <Alert severity="error" sx={{ mb: 1 }} data-testid="chain-banner">
      {translate("tessera.audit.chainBroken", { seq: chain.firstBrokenId ?? "?", reason: chain.reason ?? "" })}
    </Alert>
  );
};
