import GavelIcon from "@mui/icons-material/Gavel";
import { lazy } from "react";
import type { DataSubjectRequestItemFragment } from "../generated/graphql";
import { DsrList } from "./DsrList";

const DsrShow = lazy(() => import("./DsrShow"));
const DsrCreate = lazy(() => import("./DsrCreate"));

export default {
  list: DsrList,
  show: DsrShow,
  create: DsrCreate,
  createAction: "dsr.request" as const,
  icon: GavelIcon,
  recordRepresentation: (record: DataSubjectRequestItemFragment) => `${record.type} ${record.customerId.slice(0, 8)}`,
};
