import LinearProgress from "@mui/material/LinearProgress";
import type { ReactNode } from "react";
import { useRecordContext } from "react-admin";
import type { CustomerRecord } from "../../providers/dataProvider";

/**
 * react-admin first renders the show page from the list's row (placeholder data: list fields
 * only), then from `customer(id)`. Tabs wait for the full record rather than flash empty tables.
 */
export const RecordDetail = ({ children }: { children: ReactNode }) => {
  const record = useRecordContext<Partial<CustomerRecord>>();
  if (!record?.consentHistory) return <LinearProgress data-testid="record-loading" sx={{ my: 2 }} />;
  return <>{children}</>;
};
