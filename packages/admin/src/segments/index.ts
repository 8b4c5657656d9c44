import GroupWorkIcon from "@mui/icons-material/GroupWork";
import { lazy } from "react";
import type { SegmentItemFragment } from "../generated/graphql";
import { SegmentList } from "./SegmentList";

const SegmentShow = lazy(() => import("./SegmentShow"));
const SegmentCreate = lazy(() => import("./SegmentCreate"));

export default {
  list: SegmentList,
  show: SegmentShow,
  create: SegmentCreate,
  createAction: "segment.create" as const,
  icon: GroupWorkIcon,
  recordRepresentation: (record: SegmentItemFragment) => record.name,
};
