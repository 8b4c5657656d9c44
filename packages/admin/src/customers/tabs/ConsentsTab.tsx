import { FIELD_LIMITS } from "@tessera/schema/limits";
import AddTaskIcon from "@mui/icons-material/AddTask";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import Typography from "@mui/material/Typography";
import { useState } from "react";
import {
  ArrayField,
  DataTable,
  DateTimeInput,
  Form,
  FormDataConsumer,
  FunctionField,
  SaveButton,
  SelectInput,
  TextInput,
  required,
  useRecordContext,
  useTranslate,
} from "react-admin";
import { lengthValidators } from "../../common/limits";
import { Timeline } from "../../common/Timeline";
import { problemsByField, useGraphqlMutation } from "../../common/useGraphqlMutation";
import { DateTimeField, EnumChipField, EnumField, useEnumLabel } from "../../fields/fields";
import { dateOptions, useIntlLocale } from "../../fields/format";
import { ConsentSource, ConsentStatus, ContactChannel, LegalBasis, Purpose, RecordConsentDocument, type RecordConsentInput } from "../../generated/graphql";
import type { CustomerRecord } from "../../providers/dataProvider";
import { useRole } from "../../providers/roles";
import { enumChoices } from "../choices";
import { Empty } from "./SubscriptionsTab";

const limits = lengthValidators(FIELD_LIMITS.Consent);

type StateRow = CustomerRecord["consents"][number];
type EventRow = CustomerRecord["consentHistory"][number];
const StateCol = DataTable.Col<StateRow>;

const consentTones = { GRANTED: "success", DENIED: "error", WITHDRAWN: "warning" } as const;
const timelineTones = { GRANTED: "success", DENIED: "error", WITHDRAWN: "warning" } as const;

/** A null channel means the decision covers every channel (marketing) or that channels do not apply. */
function useChannelText() {
  const translate = useTranslate();
  const channel = useEnumLabel("ContactChannel");
  return (row: Pick<StateRow, "channel" | "purpose">) => (row.channel ? channel(row.channel) : row.purpose === "MARKETING" ? translate("tessera.consents.allChannels") : "—");
}

/** The notice version customers are shown now; the steward can change it per decision. */
const CURRENT_POLICY_VERSION = "2026.1";

/**
 * Appends a decision to the consent ledger (never edits state): purpose, channel, decision,
 * where it was captured, the notice version and text shown. The receipt is built by the API.
 */
const RecordConsentDialog = ({ customerId, legalBases, onRecorded }: { customerId: string; legalBases: readonly string[]; onRecorded: (eventId: string) => void }) => {
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const mutation = useGraphqlMutation(RecordConsentDocument, {
    success: "tessera.consents.recorded",
    onSuccess: (result) => {
      setOpen(false);
      onRecorded(result.recordConsent.id);
    },
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- react-admin form values are untyped
  const submit = async (values: Record<string, any>) => {
    const input: RecordConsentInput = {
      customerId,
      purpose: values.purpose,
      channel: values.purpose === "MARKETING" ? values.channel || null : null,
      partnerId: values.purpose === "THIRD_PARTY_SHARING" ? values.partnerId || null : null,
      status: values.status,
      source: values.source,
      legalBasis: values.legalBasis,
      policyVersion: values.policyVersion,
      notice: values.notice || null,
      capturedAt: values.capturedAt ? new Date(values.capturedAt).toISOString() : null,
      expiresAt: values.expiresAt ? new Date(values.expiresAt).toISOString() : null,
    };
    try {
      await mutation.mutateAsync({ input });
    } catch (error) {
      // Field problems go under their inputs; anything else was notified.
      const problems = problemsByField(error, translate);
      if (Object.keys(problems).length) return problems;
    }
    return undefined;
  };
  return (
    <>
      <Button variant="contained" size="small" startIcon={<AddTaskIcon />} onClick={() => setOpen(true)}>
        {translate("tessera.consents.record")}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="sm" aria-labelledby="record-consent-title">
        {/* record={{}}: the form must not inherit the customer's fields (its status is not a consent decision). */}
        <Form
          record={{}}
          onSubmit={submit}
          warnWhenUnsavedChanges
          defaultValues={{ purpose: "MARKETING", channel: "", status: "", source: "HALL", legalBasis: "CONSENT", policyVersion: CURRENT_POLICY_VERSION }}
        >
          <DialogTitle id="record-consent-title">{translate("tessera.consents.record")}</DialogTitle>
          <DialogContent>
            <Box sx={{ display: "grid", gridTemplateColumns: { xs: "1fr", sm: "1fr 1fr" }, columnGap: 2 }}>
              <SelectInput source="purpose" label="tessera.consents.purpose" choices={enumChoices(Purpose, "Purpose")} validate={required()} />
              <FormDataConsumer>
                {({ formData }) =>
                  formData.purpose === "MARKETING" ? (
                    <SelectInput source="channel" label="tessera.consents.channel" choices={enumChoices(ContactChannel, "ContactChannel")} emptyText="tessera.consents.allChannels" />
                  ) : formData.purpose === "THIRD_PARTY_SHARING" ? (
                    <TextInput source="partnerId" label="tessera.consents.partner" validate={required()} />
                  ) : (
                    <span />
                  )
                }
              </FormDataConsumer>
              <SelectInput source="status" label="tessera.consents.decision" choices={enumChoices(ConsentStatus, "ConsentStatus")} validate={required()} emptyText="tessera.consents.chooseDecision" />
              <SelectInput source="source" label="tessera.consents.source" choices={enumChoices(ConsentSource, "ConsentSource")} validate={required()} />
              <TextInput source="policyVersion" label="tessera.consents.policyVersion" validate={[required(), limits.policyVersion]} />
              {/* Only the bases of the customer's jurisdiction (PIPL has no legitimate interest). */}
              <SelectInput
                source="legalBasis"
                label="tessera.consents.legalBasis"
                choices={enumChoices(LegalBasis, "LegalBasis").filter((c) => legalBases.includes(String(c.id)))}
                validate={required()}
              />
              <DateTimeInput source="capturedAt" label="tessera.consents.capturedAt" helperText="tessera.consents.capturedAtHelp" />
              <DateTimeInput source="expiresAt" label="tessera.consents.expiresAt" />
              <TextInput source="notice" label="tessera.consents.notice" multiline minRows={2} sx={{ gridColumn: "1 / -1" }} helperText="tessera.consents.noticeHelp" validate={limits.notice} />
            </Box>
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setOpen(false)}>{translate("ra.action.cancel")}</Button>
            <SaveButton label="tessera.consents.recordButton" icon={<AddTaskIcon />} alwaysEnable />
          </DialogActions>
        </Form>
      </Dialog>
    </>
  );
};

/** The consent ledger, newest first: every decision with its source, notice version and who recorded it. */
const Ledger = ({ events, highlight }: { events: EventRow[]; highlight: string | null }) => {
  const translate = useTranslate();
  const purpose = useEnumLabel("Purpose");
  const status = useEnumLabel("ConsentStatus");
  const source = useEnumLabel("ConsentSource");
  const basis = useEnumLabel("LegalBasis");
  const channelText = useChannelText();
  const locale = useIntlLocale();
  if (!events.length) return <Empty message="tessera.consents.empty" />;
  const sorted = [...events].sort((a, b) => b.capturedAt.localeCompare(a.capturedAt));
  return (
    <Timeline
      testId="consent-timeline"
      items={sorted.map((event) => {
        const notice = (event.evidence as { notice?: { text?: string } } | null)?.notice?.text;
        return {
          key: event.id,
          at: event.capturedAt,
          tone: timelineTones[event.status],
          highlight: event.id === highlight,
          title: [purpose(event.purpose), event.channel || event.purpose === "MARKETING" ? channelText(event) : null, status(event.status)].filter(Boolean).join(" · "),
          meta: translate("tessera.consents.recordedVia", { source: source(event.source), by: event.recordedBy }),
          body: (
            <>
              {translate("tessera.consents.ledgerLine", { version: event.policyVersion, basis: basis(event.legalBasis) })}
              {event.expiresAt && <> · {translate("tessera.consents.expiresAt")}: {new Intl.DateTimeFormat(locale, dateOptions).format(new Date(event.expiresAt))}</>}
              {notice && (
                <Typography variant="caption" component="div" sx={{ fontStyle: "italic" }}>
                  “{notice}”
                </Typography>
              )}
            </>
          ),
        };
      })}
    />
  );
};

export const ConsentsTab = () => {
  const record = useRecordContext<CustomerRecord>();
  const translate = useTranslate();
  const { can } = useRole();
  const channelText = useChannelText();
  const [highlight, setHighlight] = useState<string | null>(null);
  if (!record) return null;
  return (
    <>
      <Box sx={{ display: "flex", alignItems: "center", mb: 1 }}>
        <Typography variant="subtitle1" sx={{ flex: 1 }}>
          {translate("tessera.consents.current")}
        </Typography>
        {can("consent.record") && <RecordConsentDialog customerId={record.id} legalBases={record.legalBases} onRecorded={setHighlight} />}
      </Box>
      <ArrayField source="consents" sort={{ field: "purpose", order: "ASC" }}>
        <DataTable bulkActionButtons={false} rowClick={false} empty={<Empty message="tessera.consents.empty" />}>
          <StateCol source="purpose" label="tessera.consents.purpose">
            <EnumField source="purpose" enumName="Purpose" />
          </StateCol>
          <StateCol source="channel" label="tessera.consents.channel">
            <FunctionField<StateRow> render={channelText} />
          </StateCol>
          <StateCol source="granted" label="tessera.consents.granted">
            <FunctionField<StateRow>
              render={(row) => (
                <>
                  <Chip size="small" color={row.granted ? "success" : "default"} label={translate(row.granted ? "ra.boolean.true" : "ra.boolean.false")} />
                  {row.expired && <Chip size="small" variant="outlined" color="warning" sx={{ ml: 1 }} label={translate("tessera.consents.expired")} />}
                </>
              )}
            />
          </StateCol>
          <StateCol source="status" label="tessera.consents.status">
            <EnumChipField source="status" enumName="ConsentStatus" tones={consentTones} />
          </StateCol>
          <StateCol source="expiresAt" label="tessera.consents.expiresAt">
            <DateTimeField source="expiresAt" />
          </StateCol>
          <StateCol source="capturedAt" label="tessera.consents.capturedAt">
            <DateTimeField source="capturedAt" />
          </StateCol>
          <StateCol source="source" label="tessera.consents.source">
            <EnumField source="source" enumName="ConsentSource" />
          </StateCol>
          <StateCol source="policyVersion" label="tessera.consents.policyVersion" />
        </DataTable>
      </ArrayField>

      <Typography variant="subtitle1" sx={{ mt: 3, mb: 1 }}>
        {translate("tessera.consents.ledger")}
      </Typography>
      <Ledger events={record.consentHistory} highlight={highlight} />
    </>
  );
};
