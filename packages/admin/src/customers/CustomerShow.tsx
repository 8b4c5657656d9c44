import { Show, TabbedShowLayout } from "react-admin";
import { CasesTab } from "./tabs/CasesTab";
import { ConsentsTab } from "./tabs/ConsentsTab";
import { FeedbackTab } from "./tabs/FeedbackTab";
import { IdentifiersTab } from "./tabs/IdentifiersTab";
import { InteractionsTab } from "./tabs/InteractionsTab";
import { ProfileTab } from "./tabs/ProfileTab";
import { RecordDetail } from "./tabs/RecordDetail";
import { SubscriptionsTab } from "./tabs/SubscriptionsTab";

/** The unified customer record: one tab per part, all from one `customer(id)` query. */
const CustomerShow = () => (
  <Show>
    <TabbedShowLayout>
      <TabbedShowLayout.Tab label="tessera.tabs.profile">
        <RecordDetail>
          <ProfileTab />
        </RecordDetail>
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="tessera.tabs.identifiers" path="identifiers">
        <RecordDetail>
          <IdentifiersTab />
        </RecordDetail>
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="tessera.tabs.subscriptions" path="subscriptions">
        <RecordDetail>
          <SubscriptionsTab />
        </RecordDetail>
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="tessera.tabs.consents" path="consents">
        <RecordDetail>
          <ConsentsTab />
        </RecordDetail>
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="tessera.tabs.interactions" path="interactions">
        <RecordDetail>
          <InteractionsTab />
        </RecordDetail>
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="tessera.tabs.cases" path="cases">
        <RecordDetail>
          <CasesTab />
        </RecordDetail>
      </TabbedShowLayout.Tab>
      <TabbedShowLayout.Tab label="tessera.tabs.feedback" path="feedback">
        <RecordDetail>
          <FeedbackTab />
        </RecordDetail>
      </TabbedShowLayout.Tab>
    </TabbedShowLayout>
  </Show>
);

export default CustomerShow;
