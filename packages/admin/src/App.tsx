import { Admin, Resource } from "react-admin";
import customers from "./customers";
import { Layout } from "./layout/Layout";
import { authProvider } from "./providers/authProvider";
import { dataProvider } from "./providers/dataProvider";
import { i18nProvider } from "./providers/i18n";

// No dashboard yet: react-admin opens the first resource's list at `/`.
// Telemetry is off: the console must not call outside hosts.
export const App = () => (
  <Admin
    dataProvider={dataProvider}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    title="Tessera"
    layout={Layout}
    disableTelemetry
  >
    <Resource name="customers" {...customers} />
  </Admin>
);
