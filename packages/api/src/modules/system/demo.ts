import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { DbOrTx } from "../../db/client.js";
import { createPartner, issueKey } from "../partner/partner.service.js";
import { selectPartner } from "../partner/partner.queries.js";
import { createUser } from "../user/user.service.js";
import { selectUserByUsername } from "../user/user.queries.js";
import { getSetting, setSetting } from "./settings.queries.js";

export const DEMO_USERS = [
  { username: "admin", role: "ADMIN", displayName: "Demo administrator" },
  // Four eyes: a grant one admin asks for is decided by another, so the demo has two.
  { username: "admin2", role: "ADMIN", displayName: "Demo second administrator" },
  { username: "steward", role: "STEWARD", displayName: "Demo data steward" },
  { username: "agent", role: "AGENT", displayName: "Demo service agent" },
  // Key accounts' account manager (demo.accounts.ts): the portfolio page has accounts and a warning.
  { username: "manager", role: "AGENT", displayName: "Demo account manager" },
  { username: "analyst", role: "ANALYST", displayName: "Demo analyst" },
  { username: "auditor", role: "AUDITOR", displayName: "Demo auditor" },
] as const;

export const DEMO_PARTNER = {
  name: "demo-marketing",
  purposes: ["MARKETING", "PERSONALIZATION"],
  fields: ["Customer.name", "Customer.phone", "Customer.email", "Customer.region", "Customer.city", "Customer.language", "Customer.birthDate", "Subscription.*", "UsageMonth.*"],
};

export const isDemoDatabase = async (db: DbOrTx) => (await getSetting(db, "demo")) === "true";
export const markDemoDatabase = (db: DbOrTx) => setSetting(db, "demo", "true");

/**
 * Creates the demo users and the demo partner app, only in a database marked as a demo (seeded
 * by `serve --demo` while empty): demo credentials never appear in a real installation.
 * Answers the partner key when it was issued now (it is shown once).
 */
export async function ensureDemoPrincipals(db: DbOrTx, password: string, keyFile: string): Promise<{ usersCreated: string[]; partnerKey?: string }> {
  if (!(await isDemoDatabase(db))) throw new Error("refusing to create demo principals in a database that is not a demo database");
  const usersCreated: string[] = [];
  for (const user of DEMO_USERS) {
    if (await selectUserByUsername(db, user.username)) continue;
    // Demo users are cleared for every security level, so the demo shows its government and enterprise accounts.
    await createUser(db, { ...user, password, clearance: 5 });
    usersCreated.push(user.username);
  }
  if (await selectPartner(db, DEMO_PARTNER.name)) return { usersCreated };
  const partner = await createPartner(db, DEMO_PARTNER);
  const { key } = await issueKey(db, partner.id);
  mkdirSync(dirname(keyFile), { recursive: true });
  writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
  return { usersCreated, partnerKey: key };
}
