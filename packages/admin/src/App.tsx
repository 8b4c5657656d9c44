import { Admin, Resource } from "react-admin";
import auditEvents from "./audit";
import careTasks from "./careTasks";
import cases from "./cases";
import customers from "./customers";
import duplicates from "./identity";
import { Dashboard } from "./dashboard/Dashboard";
import dataSubjectRequests from "./dsr";
import grants from "./grants";
import dataImport from "./dataImport";
import { Layout } from "./layout/Layout";
import portfolio from "./keyAccounts";
import segments from "./segments";
import partnerApps from "./partners";
import { authProvider } from "./providers/authProvider";
import { dataProvider } from "./providers/dataProvider";
import { i18nProvider } from "./providers/i18n";
import { consoleStore } from "./providers/store";
import { can, pagesOf, type Action, type ConsolePage } from "./providers/roles";
import type { Role } from "./generated/graphql";
import users from "./users";

interface ResourceModule {
  list: React.ComponentType;
  show?: React.ComponentType;
  edit?: React.ComponentType;
  create?: React.ComponentType;
  icon?: React.ComponentType;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- react-admin types records as any
  recordRepresentation?: (record: any) => string;
  /** The action a role needs for the create and edit pages; without it they are not registered. */
  createAction?: Action;
  editAction?: Action;
}

const RESOURCES: Partial<Record<ConsolePage, ResourceModule>> = { customers, duplicates, cases, careTasks, segments, auditEvents, dataSubjectRequests, users, partnerApps, grants, import: dataImport, portfolio };

// One store for the app's life: saved filters are kept per signed-in user (providers/store.ts).
const store = consoleStore();

/**
 * Resources are registered per role (the role's menu, providers/roles.ts), and create/edit
 * pages only for roles that may write: react-admin then hides the buttons by itself.
 * Telemetry is off: the console must not call outside hosts.
 */
export const App = () => (
  <Admin
    dataProvider={dataProvider}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    title="Tessera"
    store={store}
    layout={Layout}
    dashboard={Dashboard}
    requireAuth
    disableTelemetry
  >
    {(role: Role | undefined) =>
      pagesOf(role).flatMap((page) => {
        const module = RESOURCES[page];
        if (!module) return [];
        const { createAction, editAction, create, edit, ...rest } = module;
        return [
          <Resource
            key={page}
            name={page}
            {...rest}
            create={create && (!createAction || can(role, createAction)) ? create : undefined}
            edit={edit && (!editAction || can(role, editAction)) ? edit : undefined}
          />,
        ];
      })
    }
  </Admin>
);
