import VerifiedUserIcon from "@mui/icons-material/VerifiedUser";
import { GrantList } from "./GrantList";

export default {
  list: GrantList,
  icon: VerifiedUserIcon,
};
