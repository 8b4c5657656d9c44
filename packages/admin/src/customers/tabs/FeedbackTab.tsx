import { ArrayField, DataTable, FunctionField, TextField } from "react-admin";
import { DateTimeField, EnumField } from "../../fields/fields";
import type { CustomerRecord } from "../../providers/dataProvider";
import { Empty } from "./SubscriptionsTab";

type FeedbackRow = CustomerRecord["feedback"][number];
const Col = DataTable.Col<FeedbackRow>;

const SCALE: Record<FeedbackRow["kind"], string> = { NPS: "/10", CSAT: "/5", SURVEY: "" };

export const FeedbackTab = () => (
  <ArrayField source="feedback">
    <DataTable bulkActionButtons={false} rowClick={false} empty={<Empty message="tessera.feedback.empty" />}>
      <Col source="submittedAt" label="tessera.feedback.submittedAt">
        <DateTimeField source="submittedAt" />
      </Col>
      <Col source="kind" label="tessera.feedback.kind">
        <EnumField source="kind" enumName="FeedbackKind" />
      </Col>
      <Col source="score" label="tessera.feedback.score" align="right">
        <FunctionField<FeedbackRow> render={(row) => (row.score == null ? "—" : `${row.score}${SCALE[row.kind]}`)} />
      </Col>
      <Col source="aspect" label="tessera.feedback.aspect">
        <EnumField source="aspect" enumName="FeedbackAspect" />
      </Col>
      <Col source="channel" label="tessera.feedback.channel">
        <EnumField source="channel" enumName="InteractionChannel" />
      </Col>
      <Col source="comment" label="tessera.feedback.comment" disableSort>
        <TextField source="comment" sx={{ display: "block", maxWidth: 420 }} />
      </Col>
    </DataTable>
  </ArrayField>
);
