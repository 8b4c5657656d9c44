import MoreVertIcon from "@mui/icons-material/MoreVert";
import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import IconButton from "@mui/material/IconButton";
import Menu from "@mui/material/Menu";
import MenuItem from "@mui/material/MenuItem";
import { useState } from "react";
import { AutocompleteInput, DateInput, Form, SaveButton, SelectInput, TextInput, maxValue, minValue, required, useTranslate } from "react-admin";
import { FIELD_LIMITS } from "@tessera/schema/limits";
import { lengthValidators } from "../common/limits";
import { enumChoices } from "../customers/choices";
import { formProblemsByField, useGraphqlMutation } from "../common/useGraphqlMutation";
import { AssignCareTaskDocument, CareOutcome, CompleteCareTaskDocument, InteractionChannel, SnoozeCareTaskDocument, type CareTasksQuery } from "../generated/graphql";
import { useAssigneeChoices } from "./assignees";

const interactionLimits = lengthValidators(FIELD_LIMITS.Interaction);

type Task = CareTasksQuery["careTasks"]["edges"][number]["node"];
type Work = "complete" | "snooze" | "assign";

/** The local day `offset` days from today, as the YYYY-MM-DD a DateInput holds. */
const isoDay = (offset: number) => {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
};

/** Submits through `run`; the API's field problems come back under their inputs. */
function submitter(run: (values: Record<string, unknown>) => Promise<unknown>) {
  return async (values: Record<string, unknown>) => {
    try {
      await run(values);
    } catch (error) {
      const problems = formProblemsByField(error);
      if (Object.keys(problems).length) return problems;
    }
    return undefined;
  };
}

const CompleteForm = ({ task, close }: { task: Task; close: () => void }) => {
  const mutation = useGraphqlMutation(CompleteCareTaskDocument, { success: "tessera.careTasks.work.completed", onSuccess: close });
  // A special-care visit is completed only by a visit (the API's completionChannels): offer just those.
  const channels = task.completionChannels?.length ? task.completionChannels : Object.values(InteractionChannel);
  const channelChoices = enumChoices(InteractionChannel, "InteractionChannel").filter((c) => channels.includes(c.id as InteractionChannel));
  const submit = submitter((v) =>
    mutation.mutateAsync({
      input: { customerId: task.customerId, taskId: task.id, channel: v.channel as InteractionChannel, outcome: v.outcome as CareOutcome, summary: (v.summary as string) || null },
    }),
  );
  return (
    // A care call is most often by phone: the hotline first where the task allows it.
    <Form onSubmit={submit} defaultValues={{ channel: channels.includes(InteractionChannel.HOTLINE) ? InteractionChannel.HOTLINE : channels[0] }} warnWhenUnsavedChanges>
      <DialogContent>
        <SelectInput source="channel" label="tessera.interactions.channel" choices={channelChoices} validate={required()} />
        <SelectInput
          source="outcome"
          label="tessera.interactions.outcome"
          choices={Object.values(CareOutcome).map((id) => ({ id, name: `tessera.interactions.outcomes.${id}` }))}
          validate={required()}
          helperText="tessera.careTasks.work.outcomeHelp"
        />
        <TextInput source="summary" label="tessera.interactions.summary" multiline minRows={2} validate={interactionLimits.summary} />
      </DialogContent>
      <Actions close={close} label="tessera.careTasks.work.completeButton" />
    </Form>
  );
};

const SnoozeForm = ({ task, close }: { task: Task; close: () => void }) => {
  const translate = useTranslate();
  const mutation = useGraphqlMutation(SnoozeCareTaskDocument, { success: "tessera.careTasks.work.snoozed", onSuccess: close });
  const submit = submitter((v) => mutation.mutateAsync({ input: { customerId: task.customerId, taskId: task.id, until: String(v.until) } }));
  return (
    <Form onSubmit={submit} defaultValues={{ until: isoDay(7) }} warnWhenUnsavedChanges>
      <DialogContent>
        <DateInput
          source="until"
          label="tessera.careTasks.work.until"
          validate={[required(), minValue(isoDay(1)), maxValue(isoDay(FIELD_LIMITS.CareTask.maxSnoozeDays))]}
          helperText={translate("tessera.careTasks.work.untilHelp", { days: FIELD_LIMITS.CareTask.maxSnoozeDays })}
        />
      </DialogContent>
      <Actions close={close} label="tessera.careTasks.work.snoozeButton" />
    </Form>
  );
};

const AssignForm = ({ task, close }: { task: Task; close: () => void }) => {
  const mutation = useGraphqlMutation(AssignCareTaskDocument, { success: "tessera.careTasks.work.assigned", onSuccess: close });
  const choices = useAssigneeChoices();
  const submit = submitter((v) => mutation.mutateAsync({ input: { customerId: task.customerId, taskId: task.id, assignee: (v.assignee as string) || null } }));
  return (
    <Form onSubmit={submit} defaultValues={{ assignee: task.assignee ?? "" }} warnWhenUnsavedChanges>
      <DialogContent>
        <AutocompleteInput source="assignee" label="tessera.careTasks.work.assignee" choices={choices} helperText="tessera.careTasks.work.assigneeHelp" />
      </DialogContent>
      <Actions close={close} label="tessera.careTasks.work.assignButton" />
    </Form>
  );
};

const Actions = ({ close, label }: { close: () => void; label: string }) => {
  const translate = useTranslate();
  return (
    <DialogActions>
      <Button onClick={close}>{translate("ra.action.cancel")}</Button>
      <SaveButton label={label} alwaysEnable />
    </DialogActions>
  );
};

/**
 * Working a care task from the queue: complete it (logs the contact with its outcome as an
 * interaction, which takes the task off the queue), snooze it to a day, or assign it.
 */
export const CareTaskWork = ({ task }: { task: Task }) => {
  const translate = useTranslate();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [work, setWork] = useState<Work | null>(null);
  const close = () => setWork(null);
  const open = (w: Work) => {
    setAnchor(null);
    setWork(w);
  };
  return (
    <>
      <IconButton size="small" aria-label={translate("tessera.careTasks.work.menu")} data-testid="care-task-work" onClick={(e) => setAnchor(e.currentTarget)}>
        <MoreVertIcon fontSize="small" />
      </IconButton>
      <Menu anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
        <MenuItem onClick={() => open("complete")}>{translate("tessera.careTasks.work.complete")}</MenuItem>
        <MenuItem onClick={() => open("snooze")}>{translate("tessera.careTasks.work.snooze")}</MenuItem>
        <MenuItem onClick={() => open("assign")}>{translate("tessera.careTasks.work.assign")}</MenuItem>
      </Menu>
      <Dialog open={work !== null} onClose={close} fullWidth maxWidth="xs">
        {work && <DialogTitle>{translate(`tessera.careTasks.work.${work}`)}</DialogTitle>}
        {work === "complete" && <CompleteForm task={task} close={close} />}
        {work === "snooze" && <SnoozeForm task={task} close={close} />}
        {work === "assign" && <AssignForm task={task} close={close} />}
      </Dialog>
    </>
  );
};
