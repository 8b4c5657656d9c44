import Chip from "@mui/material/Chip";
import Typography from "@mui/material/Typography";
import { useRecordContext } from "react-admin";
import { useEnumLabel } from "../fields/fields";
import type { CaseItemFragment } from "../generated/graphql";

/**
 * Who opened the case: staff, or a partner's channel app by name (the app is the first contact,
 * so the case's owner is the app's name). An app's case stands out in the queue: no agent has
 * spoken to the customer yet.
 */
export const CaseSourceField = (_: { source?: string; label?: string }) => {
  const record = useRecordContext<CaseItemFragment>();
  const label = useEnumLabel("CaseSource");
  if (!record?.source) return null;
  if (record.source !== "APP") return <Typography component="span" variant="body2">{label(record.source)}</Typography>;
  return <Chip size="small" variant="outlined" color="info" label={`${label("APP")} · ${record.owner}`} sx={{ width: "fit-content" }} />;
};
