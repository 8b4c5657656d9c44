import UploadFileIcon from "@mui/icons-material/UploadFile";
import { ImportPage } from "./ImportPage";

export default {
  list: ImportPage,
  icon: UploadFileIcon,
};
