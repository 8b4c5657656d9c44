import AddIcon from "@mui/icons-material/Add";
import DeleteIcon from "@mui/icons-material/Delete";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import FormControlLabel from "@mui/material/FormControlLabel";
import IconButton from "@mui/material/IconButton";
import MenuItem from "@mui/material/MenuItem";
import Switch from "@mui/material/Switch";
import TextField from "@mui/material/TextField";
import ToggleButton from "@mui/material/ToggleButton";
import ToggleButtonGroup from "@mui/material/ToggleButtonGroup";
import { useTranslate } from "react-admin";
import { SegmentField, SegmentOperator } from "../generated/graphql";
import { FIELDS, OP_SYMBOLS, newCondition, newGroup, operatorsOf, type Condition, type Group, type Node } from "./definition";

/** Translated label of a field value (enum values and regions; others as typed). */
export function useValueLabel() {
  const translate = useTranslate();
  return (field: string, value: unknown) => {
    const spec = FIELDS[field as SegmentField];
    if (spec?.regions) return translate(`tessera.regions.${value}`, { _: String(value) });
    if (spec?.enumName) return translate(`tessera.enums.${spec.enumName}.${value}`, { _: String(value) });
    return String(value);
  };
}

const ConditionRow = ({ node, onChange, onRemove }: { node: Condition; onChange: (n: Condition) => void; onRemove?: () => void }) => {
  const translate = useTranslate();
  const label = useValueLabel();
  const spec = FIELDS[node.field];
  const multi = node.op === SegmentOperator.IN;
  const between = node.op === SegmentOperator.BETWEEN;
  const setField = (field: SegmentField) => onChange(newCondition(field));
  const setOp = (op: SegmentOperator) => {
    const first = Array.isArray(node.value) ? node.value[0] : node.value;
    onChange({ ...node, op, value: op === SegmentOperator.IN ? (first == null ? [] : [first]) : op === SegmentOperator.BETWEEN ? [first ?? 0, first ?? 0] : (first ?? null) });
  };
  const parse = (raw: string) => (spec.kind === "number" ? (raw === "" ? null : Number(raw)) : raw);
  const valueInput = () => {
    if (spec.values) {
      return (
        <TextField fullWidth={false}
          select
          size="small"
          label={translate(multi ? "tessera.segments.values" : "tessera.segments.value")}
          value={multi ? (Array.isArray(node.value) ? node.value : []) : (node.value ?? "")}
          onChange={(e) => onChange({ ...node, value: e.target.value as never })}
          SelectProps={{ multiple: multi, renderValue: multi ? (v) => (v as string[]).map((x) => label(node.field, x)).join(", ") : undefined }}
          sx={{ width: 280 }}
        >
          {spec.values.map((v) => (
            <MenuItem key={v} value={v}>
              {label(node.field, v)}
            </MenuItem>
          ))}
        </TextField>
      );
    }
    const type = spec.kind === "number" ? "number" : spec.kind === "date" ? "date" : "text";
    if (between) {
      const [min, max] = Array.isArray(node.value) ? node.value : [null, null];
      return (
        <>
          <TextField fullWidth={false} size="small" type={type} label={translate("tessera.segments.min")} value={min ?? ""} onChange={(e) => onChange({ ...node, value: [parse(e.target.value) as never, max as never] })} InputLabelProps={{ shrink: true }} />
          <TextField fullWidth={false} size="small" type={type} label={translate("tessera.segments.max")} value={max ?? ""} onChange={(e) => onChange({ ...node, value: [min as never, parse(e.target.value) as never] })} InputLabelProps={{ shrink: true }} />
        </>
      );
    }
    return (
      <TextField fullWidth={false}
        size="small"
        type={type}
        label={translate(multi ? "tessera.segments.values" : "tessera.segments.value")}
        helperText={multi ? translate("tessera.segments.commaSeparated") : undefined}
        value={multi ? (Array.isArray(node.value) ? node.value.join(", ") : "") : (node.value ?? "")}
        onChange={(e) =>
          onChange({
            ...node,
            value: multi ? (e.target.value.split(",").map((s) => s.trim()).filter(Boolean).map((s) => parse(s)) as never) : (parse(e.target.value) as never),
          })
        }
        InputLabelProps={{ shrink: true }}
      />
    );
  };
  return (
    <Box sx={{ display: "flex", gap: 1, alignItems: "flex-start", flexWrap: "wrap", "& .MuiFormControl-root": { my: 0 } }} data-testid="segment-condition">
      <TextField fullWidth={false} select size="small" label={translate("tessera.segments.field")} value={node.field} onChange={(e) => setField(e.target.value as SegmentField)} sx={{ width: 220 }}>
        {Object.values(SegmentField).map((f) => (
          <MenuItem key={f} value={f}>
            {translate(`tessera.enums.SegmentField.${f}`, { _: f })}
          </MenuItem>
        ))}
      </TextField>
      <TextField fullWidth={false} select size="small" label={translate("tessera.segments.operator")} value={node.op} onChange={(e) => setOp(e.target.value as SegmentOperator)} sx={{ width: 170 }}>
        {operatorsOf(node.field).map((op) => (
          <MenuItem key={op} value={op}>
            {OP_SYMBOLS[op]} {translate(`tessera.enums.SegmentOperator.${op}`, { _: op })}
          </MenuItem>
        ))}
      </TextField>
      {valueInput()}
      {onRemove && (
        <IconButton aria-label={translate("ra.action.remove")} onClick={onRemove} size="small" sx={{ mt: 0.5 }}>
          <DeleteIcon fontSize="small" />
        </IconButton>
      )}
    </Box>
  );
};

/** One and/or group: its conditions and nested groups, each removable. */
export const GroupEditor = ({ node, onChange, onRemove, depth = 0 }: { node: Group; onChange: (n: Group) => void; onRemove?: () => void; depth?: number }) => {
  const translate = useTranslate();
  const setChild = (i: number, child: Node) => onChange({ ...node, children: node.children.map((c, j) => (j === i ? child : c)) });
  const removeChild = (i: number) => onChange({ ...node, children: node.children.filter((_, j) => j !== i) });
  return (
    <Box sx={{ borderLeft: 3, borderColor: node.combine === "and" ? "primary.main" : "secondary.main", pl: 2, py: 1, display: "grid", gap: 1.5, bgcolor: depth ? "action.hover" : undefined, borderRadius: 1 }}>
      <Box sx={{ display: "flex", alignItems: "center", gap: 2 }}>
        <ToggleButtonGroup size="small" exclusive value={node.combine} onChange={(_, v) => v && onChange({ ...node, combine: v })}>
          <ToggleButton value="and">{translate("tessera.segments.all")}</ToggleButton>
          <ToggleButton value="or">{translate("tessera.segments.any")}</ToggleButton>
        </ToggleButtonGroup>
        <FormControlLabel control={<Switch size="small" checked={!!node.negate} onChange={(e) => onChange({ ...node, negate: e.target.checked })} />} label={translate("tessera.segments.negate")} />
        {onRemove && (
          <Button size="small" color="error" onClick={onRemove}>
            {translate("tessera.segments.removeGroup")}
          </Button>
        )}
      </Box>
      {node.children.map((child, i) =>
        child.kind === "group" ? (
          <GroupEditor key={i} node={child} depth={depth + 1} onChange={(c) => setChild(i, c)} onRemove={() => removeChild(i)} />
        ) : (
          <ConditionRow key={i} node={child} onChange={(c) => setChild(i, c)} onRemove={node.children.length > 1 ? () => removeChild(i) : undefined} />
        ),
      )}
      <Box sx={{ display: "flex", gap: 1 }}>
        <Button size="small" startIcon={<AddIcon />} onClick={() => onChange({ ...node, children: [...node.children, newCondition()] })}>
          {translate("tessera.segments.addCondition")}
        </Button>
        {depth < 3 && (
          <Button size="small" startIcon={<AddIcon />} onClick={() => onChange({ ...node, children: [...node.children, newGroup(node.combine === "and" ? "or" : "and")] })}>
            {translate("tessera.segments.addGroup")}
          </Button>
        )}
      </Box>
    </Box>
  );
};
