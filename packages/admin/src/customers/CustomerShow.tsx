import { Show, TabbedShowLayout } from "react-admin";
import { CasesTab } from "./tabs/CasesTab";
import { ConsentsTab } from "./tabs/ConsentsTab";
import { FeedbackTab } from "./tabs/FeedbackTab";
import { IdentifiersTab } from "./tabs/IdentifiersTab";
import { InteractionsTab } from "./tabs/InteractionsTab";
import { ProfileTab } from "./tabs/ProfileTab";
import { SubscriptionsTab } from "./tabs/SubscriptionsTab";

/** The unified customer record: one tab per part, all from one `customer(id)` query. */
const CustomerShow = () => (
  <Show>
    <TabbedShowLayout>
      <TabbedShowLayout.Tab label="tessera.tabs.profile">
        <ProfileTab />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="tessera.tabs.identifiers" path="identifiers">
        <IdentifiersTab />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="tessera.tabs.subscriptions" path="subscriptions">
        <SubscriptionsTab />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="tessera.tabs.consents" path="consents">
        <ConsentsTab />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="tessera.tabs.interactions" path="interactions">
        <InteractionsTab />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="tessera.tabs.cases" path="cases">
        <CasesTab />
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="tessera.tabs.feedback" path="feedback">
        <FeedbackTab />
      </TabbedShowLayout.Tab>
    </TabbedShowLayout>
  </Show>
);

export default CustomerShow;
