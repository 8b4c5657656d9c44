import { FIELD_LIMITS } from "@tessera/schema/limits";
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useState } from "react";
import { Title, useCreate, useNotify, useRedirect, useTranslate } from "react-admin";
import { lengthProblems } from "../common/limits";
import { newGroup, toSegmentFilter, type Group } from "./definition";
import { GroupEditor } from "./SegmentBuilder";
import { useDescribe } from "./SegmentShow";

/**
 * The segment builder: a name and an and/or tree of conditions over the fields the API accepts
 * (SegmentField). The API counts the members on creation; filtering on a field the role does not
 * read in full comes back as FORBIDDEN, naming the fields.
 */
const SegmentCreate = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const describeDefinition = useDescribe();
  const [name, setName] = useState("");
  const [tree, setTree] = useState<Group>(newGroup("and"));
  const [error, setError] = useState<string | null>(null);
  const [create, { isPending }] = useCreate();
  const definition = toSegmentFilter(tree);
  const nameProblem = lengthProblems(FIELD_LIMITS.Segment, { name: name.trim() }, translate).name;
  const save = () => {
    setError(null);
    if (nameProblem) return;
    create(
      "segments",
      { data: { name: name.trim(), definition } },
      {
        onSuccess: (segment) => {
          notify("tessera.segments.created", { type: "success", messageArgs: { count: segment.memberCount } });
          redirect("show", "segments", segment.id);
        },
        onError: (e) => setError(e instanceof Error ? e.message : String(e)),
      },
    );
  };
  return (
    <Card sx={{ mt: 2 }}>
      <Title title="tessera.segments.new" />
      <CardContent sx={{ display: "grid", gap: 2 }}>
        <TextField label={translate("resources.segments.fields.name")} value={name} onChange={(e) => setName(e.target.value)} required sx={{ maxWidth: 480 }} name="name" error={Boolean(nameProblem)} helperText={nameProblem} />
        <Typography variant="subtitle1">{translate("tessera.segments.conditions")}</Typography>
        <GroupEditor node={tree} onChange={setTree} />
        <Box sx={{ bgcolor: "action.hover", p: 1, borderRadius: 1 }}>
          <Typography variant="caption" color="text.secondary">
            {translate("tessera.segments.preview")}
          </Typography>
          <Typography variant="body2" data-testid="segment-preview">
            {describeDefinition(definition)}
          </Typography>
        </Box>
        {error && <Alert severity="error">{error}</Alert>}
        <Box>
          <Button variant="contained" onClick={save} disabled={isPending || !name.trim()}>
            {translate("tessera.segments.save")}
          </Button>
        </Box>
      </CardContent>
    </Card>
  );
};

export default SegmentCreate;
