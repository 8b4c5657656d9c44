import AssignmentLateIcon from "@mui/icons-material/AssignmentLate";
import GavelIcon from "@mui/icons-material/Gavel";
import type { ReactNode } from "react";
import { EditButton, Show, TabbedShowLayout, TabbedShowLayoutTabs, TopToolbar, useRecordContext, useResourceDefinition } from "react-admin";
import { InlineCreateButton } from "../common/InlineCreateButton";
import type { Role } from "../generated/graphql";
import type { CustomerRecord } from "../providers/dataProvider";
import { MergedBadge } from "../identity/MergedBadge";
import { useRole } from "../providers/roles";
import { AccessLogTab } from "./tabs/AccessLogTab";
import { CasesTab } from "./tabs/CasesTab";
import { ConsentsTab } from "./tabs/ConsentsTab";
import { FeedbackTab } from "./tabs/FeedbackTab";
import { HouseholdTab } from "./tabs/HouseholdTab";
import { IdentifiersTab } from "./tabs/IdentifiersTab";
import { InsightTab } from "./tabs/InsightTab";
import { InteractionsTab } from "./tabs/InteractionsTab";
import { ProfileTab } from "./tabs/ProfileTab";
import { RecordDetail } from "./tabs/RecordDetail";
import { SubscriptionsTab } from "./tabs/SubscriptionsTab";
import { KEY_ACCOUNT_KINDS, KeyAccountTab } from "../keyAccounts/KeyAccountTab";

type TabName = "profile" | "identifiers" | "subscriptions" | "consents" | "interactions" | "cases" | "feedback" | "insight" | "household" | "accessLog" | "keyAccount";

const TABS: Record<TabName, () => ReactNode> = {
  profile: () => <ProfileTab />,
  identifiers: () => <IdentifiersTab />,
  subscriptions: () => <SubscriptionsTab />,
  consents: () => <ConsentsTab />,
  interactions: () => <InteractionsTab />,
  cases: () => <CasesTab />,
  feedback: () => <FeedbackTab />,
  insight: () => <InsightTab />,
  household: () => <HouseholdTab />,
  accessLog: () => <AccessLogTab />,
  keyAccount: () => <KeyAccountTab />,
};

/**
 * Tabs per role: the parts of the record the role reads at all. An auditor reads customer ids,
 * the consent ledger and the access log; an analyst no identifiers (their tab would be blank).
 */
const TABS_OF: Record<Role, TabName[]> = {
  STEWARD: ["profile", "identifiers", "subscriptions", "consents", "interactions", "cases", "feedback", "insight", "household", "accessLog"],
  AGENT: ["profile", "identifiers", "subscriptions", "consents", "interactions", "cases", "feedback", "insight", "household"],
  ANALYST: ["profile", "subscriptions", "consents", "interactions", "cases", "feedback", "insight", "household"],
  AUDITOR: ["profile", "consents", "accessLog"],
  ADMIN: ["profile", "identifiers", "subscriptions", "consents", "interactions", "cases", "feedback", "insight", "household", "accessLog"],
};

/** The record's next steps: edit, open a case for it, record a data-subject request. */
const CustomerActions = () => {
  const record = useRecordContext<CustomerRecord>();
  const { hasEdit } = useResourceDefinition();
  const { can } = useRole();
  return (
    <TopToolbar>
      {can("case.open") && record && !record.mergedInto && (
        <InlineCreateButton resource="cases" label="tessera.customer.openCase" icon={<AssignmentLateIcon />} state={{ record: { customerId: record.id } }} />
      )}
      {can("dsr.request") && record && (
        <InlineCreateButton resource="dataSubjectRequests" label="tessera.customer.newDsr" icon={<GavelIcon />} state={{ record: { customerId: record.id } }} />
      )}
      {/* A tombstone takes no writes: it answers CONFLICT naming the survivor. */}
      {hasEdit && !record?.mergedInto && <EditButton />}
    </TopToolbar>
  );
};

/** The unified customer record: one tab per part, from one `customer(id)` query (insight and access log load on their own). */
const CustomerShow = () => (
  <Show actions={<CustomerActions />}>
    <MergedBadge />
    <CustomerTabs />
  </Show>
);

/** The key-account tab shows for enterprise and government customers, to roles that work key accounts. */
const CustomerTabs = () => {
  const { role, can } = useRole();
  const record = useRecordContext<CustomerRecord>();
  const keyAccount = can("keyAccount.view") && KEY_ACCOUNT_KINDS.includes(record?.kind ?? "");
  const tabs: TabName[] = [...TABS_OF[role ?? "AUDITOR"], ...(keyAccount ? (["keyAccount"] as const) : [])];
  return (
    // The tab strip scrolls on a narrow window instead of widening the page.
    <TabbedShowLayout tabs={<TabbedShowLayoutTabs variant="scrollable" scrollButtons="auto" allowScrollButtonsMobile />}>
      {tabs.map((tab) => (
        <TabbedShowLayout.Tab key={tab} label={`tessera.tabs.${tab}`} path={tab === "profile" ? undefined : tab}>
          <RecordDetail>{TABS[tab]()}</RecordDetail>
        </TabbedShowLayout.Tab>
      ))}
    </TabbedShowLayout>
  );
};

export default CustomerShow;
