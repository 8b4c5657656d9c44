import { sql } from "drizzle-orm";
import type { DbOrTx } from "./client.js";

export const DEFAULT_API_ROLE = "tessera_api";

/**
 * Audit tables and what the API's role may do with each beyond SELECT and INSERT. Nothing may be
 * updated; the pending queue loses a seq only once it is sealed (a trigger checks), and a
 * customer's key is deleted by erasure. The role owns none of them, so it cannot ALTER TABLE
 * (disable a trigger), DROP or TRUNCATE them, nor create triggers.
 */
export const AUDIT_TABLE_GRANTS: Record<string, readonly ("SELECT" | "INSERT" | "DELETE")[]> = {
  audit_events: ["SELECT", "INSERT"],
  audit_seals: ["SELECT", "INSERT"],
  audit_pending: ["SELECT", "INSERT", "DELETE"],
  system_keys: ["SELECT", "INSERT"],
  customer_keys: ["SELECT", "INSERT", "DELETE"],
};

const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`"${name}" is not a plain role name (lower case letters, digits, _)`);
  return `"${name}"`;
};

/**
 * The statements that create (if missing) and grant the API's database role, run by the owner of
 * the tables (who runs migrations). Idempotent: every grant is first revoked, then given again,
 * so re-running after a migration covers new tables.
 */
export function apiRoleStatements(role = DEFAULT_API_ROLE): string[] {
  const r = ident(role);
  const audit = Object.keys(AUDIT_TABLE_GRANTS);
  return [
    `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${r} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS; END IF; END $$`,
    `DO $$ BEGIN EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO ${r}', current_database()); END $$`,
    `REVOKE CREATE ON SCHEMA public FROM ${r}`,
    `GRANT USAGE ON SCHEMA public, drizzle TO ${r}`,
    `REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${r}`,
    `GRANT SELECT ON ALL TABLES IN SCHEMA drizzle TO ${r}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`,
    `REVOKE UPDATE, DELETE ON ${audit.join(", ")} FROM ${r}`,
    ...Object.entries(AUDIT_TABLE_GRANTS)
      .filter(([, grants]) => grants.includes("DELETE"))
      .map(([table]) => `GRANT DELETE ON ${table} TO ${r}`),
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`,
  ];
}

/** Applies apiRoleStatements in one transaction (PostgreSQL only: PGlite has one user). */
export async function applyApiRole(db: DbOrTx, role = DEFAULT_API_ROLE): Promise<void> {
  await db.transaction(async (tx) => {
    for (const statement of apiRoleStatements(role)) await tx.execute(sql.raw(statement));
  });
}
