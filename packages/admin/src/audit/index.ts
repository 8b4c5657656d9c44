import PolicyIcon from "@mui/icons-material/Policy";
import { AuditEventList } from "./AuditEventList";

export default { list: AuditEventList, icon: PolicyIcon };
