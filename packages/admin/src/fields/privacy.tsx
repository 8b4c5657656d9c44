import LockIcon from "@mui/icons-material/Lock";
import Box from "@mui/material/Box";
import Chip from "@mui/material/Chip";
import Tooltip from "@mui/material/Tooltip";
import Typography from "@mui/material/Typography";
import { CATALOG, type Category, type FieldEntry } from "@tessera/schema/catalog";
import type { ReactNode } from "react";
import { useTranslate } from "react-admin";
import type { Redaction } from "../providers/graphql";

/** The catalog entry of `Type.field`, or undefined for fields the catalog does not classify as personal. */
export function catalogEntry(type: string, field: string): Exclude<FieldEntry, { category: "NONE" }> | undefined {
  const entry = (CATALOG as unknown as Record<string, Record<string, FieldEntry>>)[type]?.[field];
  return entry && entry.category !== "NONE" ? (entry as Exclude<FieldEntry, { category: "NONE" }>) : undefined;
}

const categoryTones: Record<Category, "error" | "warning" | "info" | "default" | "secondary" | "success"> = {
  DIRECT_IDENTIFIER: "warning",
  SENSITIVE: "error",
  CONTACT: "info",
  DEMOGRAPHIC: "default",
  BEHAVIORAL: "secondary",
  FINANCIAL: "success",
  OPINION: "default",
  DERIVED: "default",
};

/** A small chip naming the catalog category of a personal field ("Sensitive", "Contact", …). */
export const CatalogBadge = ({ type, field }: { type: string; field: string }) => {
  const translate = useTranslate();
  const entry = catalogEntry(type, field);
  if (!entry) return null;
  return (
    <Tooltip title={translate(`tessera.catalog.help.${entry.category}`)}>
      <Chip
        size="small"
        variant="outlined"
        color={categoryTones[entry.category]}
        label={translate(`tessera.catalog.category.${entry.category}`)}
        data-testid={`badge-${type}.${field}`}
        sx={{ height: 18, fontSize: 11, "& .MuiChip-label": { px: 0.75 } }}
      />
    </Tooltip>
  );
};

/** A lock with the reason the API gave, when `Type.field` is in the response's redactions. */
export const MaskedIndicator = ({ redactions, type, field }: { redactions: Redaction[] | undefined; type: string; field: string }) => {
  const translate = useTranslate();
  const redaction = redactions?.find((r) => r.field === `${type}.${field}`);
  if (!redaction) return null;
  return (
    <Tooltip title={translate(`tessera.redactions.${redaction.reason}`, { _: redaction.reason })}>
      <LockIcon fontSize="inherit" color="action" data-testid={`masked-${type}.${field}`} aria-label={translate(`tessera.redactions.${redaction.reason}`, { _: redaction.reason })} sx={{ fontSize: 16, ml: 0.5 }} />
    </Tooltip>
  );
};

/**
 * A labelled value of a personal field: its label, catalog badge, the value as the role sees it,
 * and a lock when the API masked or withheld it.
 */
export const PersonalValue = ({
  type,
  field,
  label,
  redactions,
  children,
}: {
  type: string;
  field: string;
  label: string;
  redactions: Redaction[] | undefined;
  children: ReactNode;
}) => {
  const translate = useTranslate();
  return (
    <Box data-testid={`field-${field}`} sx={{ minWidth: 0 }}>
      <Box sx={{ display: "flex", alignItems: "center", gap: 0.75, mb: 0.25 }}>
        <Typography variant="caption" color="text.secondary">
          {translate(label)}
        </Typography>
        <CatalogBadge type={type} field={field} />
      </Box>
      <Box sx={{ display: "flex", alignItems: "center", minHeight: 24, wordBreak: "break-word" }}>
        {children}
        <MaskedIndicator redactions={redactions} type={type} field={field} />
      </Box>
    </Box>
  );
};

/** A banner listing what this page's data had masked or withheld for the signed-in role. */
export const RedactionSummary = ({ redactions, types }: { redactions: Redaction[] | undefined; types?: string[] }) => {
  const translate = useTranslate();
  const shown = (redactions ?? []).filter((r) => !types || types.includes(r.field.split(".")[0]!));
  if (!shown.length) return null;
  return (
    <Box sx={{ display: "flex", alignItems: "center", flexWrap: "wrap", gap: 0.5, mb: 1 }} data-testid="redaction-summary">
      <LockIcon fontSize="small" color="action" />
      <Typography variant="body2" color="text.secondary" sx={{ mr: 0.5 }}>
        {translate("tessera.redactions.summary")}
      </Typography>
      {shown.map((r) => (
        <Tooltip key={`${r.field}:${r.reason}`} title={translate(`tessera.redactions.${r.reason}`, { _: r.reason })}>
          <Chip size="small" variant="outlined" label={r.field} sx={{ fontFamily: "monospace", height: 20, fontSize: 11 }} />
        </Tooltip>
      ))}
    </Box>
  );
};
