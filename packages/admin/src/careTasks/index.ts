import VolunteerActivismIcon from "@mui/icons-material/VolunteerActivism";
import { CareTaskList } from "./CareTaskList";

export default { list: CareTaskList, icon: VolunteerActivismIcon };
