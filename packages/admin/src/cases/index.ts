import AssignmentLateIcon from "@mui/icons-material/AssignmentLate";
import { lazy } from "react";
import type { CaseItemFragment } from "../generated/graphql";
import { CaseList } from "./CaseList";

const CaseShow = lazy(() => import("./CaseShow"));
const CaseCreate = lazy(() => import("./CaseCreate"));

export default {
  list: CaseList,
  show: CaseShow,
  create: CaseCreate,
  createAction: "case.open" as const,
  icon: AssignmentLateIcon,
  recordRepresentation: (record: CaseItemFragment) => record.subject ?? record.id,
};
