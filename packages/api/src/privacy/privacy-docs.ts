import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  applyMask,
  CATALOG,
  CATEGORIES,
  MASKS,
  PERSONAL_TYPES,
  PURPOSES,
  ROLE_MATRIX,
  ROLES,
  ROLES_READING_FREE_TEXT,
  type FieldEntry,
  type Mask,
  type PersonalField,
  type Treatment,
} from "@tessera/schema/catalog";
import { repoRoot } from "../lib/paths.js";
import { OPERATION_ACCESS } from "./permissions.js";

export const privacyDocsPath = () => join(repoRoot(), "docs/privacy.md");

/**
 * docs/privacy.md is hand-written prose with generated regions between
 *   <!-- BEGIN GENERATED name … -->  and  <!-- END GENERATED name -->
 * Every region is re-rendered from the catalog and the permission table, so the tables a
 * newcomer reads are the rules the API enforces. A test fails when the file differs from
 * what this renders; `tessera docs` rewrites it.
 */
const REGIONS: Record<string, () => string> = {
  "role-matrix": renderRoleMatrix,
  "mask-examples": renderMaskExamples,
  catalog: renderCatalog,
  "operation-access": renderOperationAccess,
};

const REGION = /(<!-- BEGIN GENERATED ([a-z-]+)\b[^>]*-->\n)[\s\S]*?(<!-- END GENERATED \2 -->)/g;

/** The prose of `source` (default: the committed docs/privacy.md) with every generated region re-rendered. */
export function renderPrivacyDocs(source: string = readFileSync(privacyDocsPath(), "utf8")): string {
  const seen: string[] = [];
  const rendered = source.replace(REGION, (_match, begin: string, name: string, end: string) => {
    const render = REGIONS[name];
    if (!render) throw new Error(`docs/privacy.md: unknown generated region "${name}" (known: ${Object.keys(REGIONS).join(", ")})`);
    seen.push(name);
    return `${begin}${render()}\n${end}`;
  });
  const missing = Object.keys(REGIONS).filter((name) => !seen.includes(name));
  const repeated = seen.filter((name, i) => seen.indexOf(name) !== i);
  if (missing.length || repeated.length) {
    throw new Error(`docs/privacy.md: generated regions missing (${missing.join(", ") || "none"}) or repeated (${repeated.join(", ") || "none"})`);
  }
  return rendered;
}

const code = (text: string) => `\`${text}\``;
const row = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
const table = (head: readonly string[], rows: readonly (readonly string[])[]) =>
  [row(head), row(head.map(() => "---")), ...rows.map(row)].join("\n");

const TREATMENT: Record<Treatment, string> = { FULL: "full", MASK: "masked", NULL: "—" };

function renderRoleMatrix(): string {
  const rows = ROLES.map((role) => [`**${role}**`, ...CATEGORIES.map((category) => TREATMENT[ROLE_MATRIX[role][category]])]);
  return [
    table(["Role", ...CATEGORIES.map(code)], rows),
    "",
    `full: the value as stored · masked: the field's mask (below; \`TEXT\` and \`WITHHOLD\` give \`null\`) · —: \`null\`.`,
    `Free text (mask ${code("TEXT")}) can hold any identifier, so only ${ROLES_READING_FREE_TEXT.map(code).join(" and ")} read it; every other role gets \`null\`.`,
  ].join("\n");
}

/** Sample inputs for every mask: rendered through the real masking functions. */
const MASK_SAMPLES: Record<Mask, { value: unknown; row?: Record<string, unknown>; note?: string }[]> = {
  PHONE: [{ value: "+8613812345678" }],
  NATIONAL_ID: [{ value: "11010119900101123X" }],
  EMAIL: [{ value: "li.na@example.com" }],
  NAME: [{ value: "李娜" }, { value: "欧阳娜娜" }, { value: "John Smith" }],
  ADDRESS: [{ value: "广东省深圳市南山区科技园路1号" }, { value: "12 Harbour Road", row: { city: "Hong Kong" }, note: "city from the record" }],
  DATE_BUCKET: [{ value: "1987-06-12", note: "5-year band" }],
  IDENTIFIER: [
    { value: "+8613812345678", row: { type: "MSISDN" }, note: "masked as its type" },
    { value: "89860012345678901234", row: { type: "ICCID" } },
  ],
  KEEP: [{ value: "Guangdong", note: "already coarse" }],
  TEXT: [{ value: "Customer called about roaming charges", note: "free text" }],
  WITHHOLD: [{ value: 128.5, note: "no useful partial form" }],
};

function renderMaskExamples(): string {
  const rows = MASKS.flatMap((mask) => {
    const samples = MASK_SAMPLES[mask];
    if (!samples?.length) throw new Error(`privacy docs: no example for mask ${mask}; add one to MASK_SAMPLES`);
    return samples.map((s) => {
      const masked = applyMask(mask, s.value, s.row);
      return [code(mask), code(String(s.value)), masked == null ? "`null`" : code(String(masked)), s.note ?? ""];
    });
  });
  return table(["Mask", "Value", "Masked", "Note"], rows);
}

/** In the canonical order of PURPOSES, whatever order the catalog entry lists them in. */
function purposeList(purposes: readonly string[]): string {
  if (purposes.length === PURPOSES.length) return "all";
  return PURPOSES.filter((p) => purposes.includes(p)).map(code).join(", ");
}

function renderCatalog(): string {
  return PERSONAL_TYPES.map((type) => {
    const entries = Object.entries(CATALOG[type] as Record<string, FieldEntry>);
    const personal = entries.filter((e): e is [string, PersonalField] => e[1].category !== "NONE");
    const other = entries.filter(([, entry]) => entry.category === "NONE").map(([field]) => code(field));
    const rows = personal.map(([field, e]) => [code(field), code(e.category), code(e.mask), purposeList(e.purposes), code(e.retention), e.description]);
    return [
      `#### ${type}`,
      "",
      rows.length ? table(["Field", "Category", "Mask", "Purposes", "Retention", "Description"], rows) : "No personal fields.",
      "",
      `Not personal data: ${other.join(", ") || "none"}.`,
    ].join("\n");
  }).join("\n\n");
}

function renderOperationAccess(): string {
  const rows = Object.entries(OPERATION_ACCESS)
    .filter(([field]) => !field.startsWith("__"))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([field, access]) => [
      code(field),
      access.roles === "ALL" ? "all" : access.roles.join(", "),
      access.partners ? "yes" : "—",
      access.anonymous ? "yes" : "—",
    ]);
  return table(["Root field", "Console roles", "Partner apps", "Without credentials"], rows);
}
