import Chip from "@mui/material/Chip";
import Typography from "@mui/material/Typography";
import { useRecordContext } from "react-admin";
import { useEnumLabel } from "../fields/fields";
import type { CaseItemFragment } from "../generated/graphql";

/**
 * The case's first-contact owner. A case a partner's channel app opened (source APP) is owned by
 * the app, shown as "Partner app · <name>" so it stands out in the queue: no agent has spoken to
 * the customer yet.
 */
export const CaseOwnerField = (_: { source?: string; label?: string }) => {
  const record = useRecordContext<CaseItemFragment>();
  const label = useEnumLabel("CaseSource");
  if (!record) return null;
  if (record.source !== "APP") return <Typography component="span" variant="body2">{record.owner}</Typography>;
  return <Chip size="small" variant="outlined" color="info" label={`${label("APP")} · ${record.owner}`} sx={{ width: "fit-content", maxWidth: "100%" }} />;
};
