import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Typography from "@mui/material/Typography";
import { Title, useTranslate } from "react-admin";

const Overview = () => {
  const translate = useTranslate();
  return (
    <Card sx={{ mt: 2 }}>
      <Title title="tessera.menu.dashboard" />
      <CardContent>
        <Typography>{translate("tessera.dashboard.pending")}</Typography>
      </CardContent>
    </Card>
  );
};

export default Overview;
