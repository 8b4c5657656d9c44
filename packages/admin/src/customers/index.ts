import PeopleIcon from "@mui/icons-material/People";
import { lazy } from "react";
import type { CustomerRecord } from "../providers/dataProvider";
import { CustomerList } from "./CustomerList";

// The list is the landing page; the record pages load on first use.
const CustomerShow = lazy(() => import("./CustomerShow"));
const CustomerEdit = lazy(() => import("./CustomerEdit"));
const CustomerCreate = lazy(() => import("./CustomerCreate"));

export default {
  list: CustomerList,
  show: CustomerShow,
  edit: CustomerEdit,
  create: CustomerCreate,
  createAction: "customer.create" as const,
  editAction: "customer.edit" as const,
  icon: PeopleIcon,
  // Roles that read no direct identifier get the pseudonymous id.
  recordRepresentation: (record: CustomerRecord) => record.name ?? record.phone ?? record.id,
};
