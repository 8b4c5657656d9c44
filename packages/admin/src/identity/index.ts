import JoinInnerIcon from "@mui/icons-material/JoinInner";
import { lazy } from "react";
import { DuplicateList } from "./DuplicateList";

// The merge preview is the resource's show page; its id is the ordered pair `survivorId~mergedId`.
const MergePage = lazy(() => import("./MergePage"));

export default {
  list: DuplicateList,
  show: MergePage,
  icon: JoinInnerIcon,
};
