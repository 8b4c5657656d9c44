import { CATALOG } from "@tessera/schema/catalog";

/**
 * Fields a partner's allowlist may name, from the data catalog: every personal field as
 * `Type.field`, and `Type.*` for a whole type.
 */
export function allowlistChoices(): Array<{ id: string; name: string; category: string }> {
  const choices: Array<{ id: string; name: string; category: string }> = [];
  for (const [type, fields] of Object.entries(CATALOG as Record<string, Record<string, { category: string }>>)) {
    const personal = Object.entries(fields).filter(([, entry]) => entry.category !== "NONE");
    if (!personal.length) continue;
    choices.push({ id: `${type}.*`, name: `${type}.*`, category: "ALL" });
    for (const [field, entry] of personal) choices.push({ id: `${type}.${field}`, name: `${type}.${field}`, category: entry.category });
  }
  return choices;
}
