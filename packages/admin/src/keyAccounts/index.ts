import BusinessCenterIcon from "@mui/icons-material/BusinessCenter";
import { PortfolioPage } from "./PortfolioPage";

export default {
  list: PortfolioPage,
  icon: BusinessCenterIcon,
};
