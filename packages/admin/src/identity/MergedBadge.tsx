import CallMergeIcon from "@mui/icons-material/CallMerge";
import Alert from "@mui/material/Alert";
import Chip from "@mui/material/Chip";
import { Link, useGetOne, useRecordContext, useTranslate } from "react-admin";
import { shortId } from "../common/CustomerLink";
import type { CustomerRecord } from "../providers/dataProvider";

/** On a tombstone's 360: "Merged into …", linking to the survivor (by name when the role reads it). */
export const MergedBadge = () => {
  const record = useRecordContext<Partial<CustomerRecord>>();
  const translate = useTranslate();
  const survivorId = record?.mergedInto ?? undefined;
  const { data: survivor } = useGetOne<CustomerRecord>("customers", { id: survivorId! }, { enabled: !!survivorId });
  if (!survivorId) return null;
  return (
    <Alert severity="info" icon={<CallMergeIcon />} sx={{ mx: 2, mt: 2 }} data-testid="merged-badge">
      <Chip
        component={Link}
        to={`/customers/${survivorId}/show`}
        clickable
        color="primary"
        size="small"
        label={translate("tessera.mergedBadge.label", { name: survivor?.name ?? shortId(survivorId) })}
        sx={{ mr: 1, mb: 0.5 }}
      />
      {translate("tessera.mergedBadge.help")}
    </Alert>
  );
};
