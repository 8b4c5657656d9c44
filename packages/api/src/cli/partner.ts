import type { Command } from "commander";
import { openConfiguredDatabase } from "../db/open.js";
import { AppError } from "../graphql/errors.js";
import { createPartner, issueKey, revokeApiKey } from "../modules/partner/partner.service.js";
import { CliError } from "./cli-error.js";
import { operatorAudit, withOperatorOption } from "./operator.js";

const list = (value: string) =>
  value
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);

/** Runs an action on the configured database, turning expected failures into one-line CLI errors. */
async function withDatabase<T>(action: (db: Awaited<ReturnType<typeof openConfiguredDatabase>>["db"]) => Promise<T>): Promise<T> {
  const database = await openConfiguredDatabase();
  try {
    return await action(database.db);
  } catch (error) {
    if (error instanceof AppError) throw new CliError(error.message);
    throw error;
  } finally {
    await database.close();
  }
}

export function registerPartner(program: Command) {
  const partner = program.command("partner").description("Manage partner apps and their API keys");
  withOperatorOption(partner
    .command("create"))
    .description("Register a partner app with its allowed purposes and readable catalog fields")
    .requiredOption("--name <name>", "unique name, e.g. acme-marketing")
    .requiredOption("--purposes <list>", "comma-separated purposes, e.g. MARKETING,PERSONALIZATION", list)
    .requiredOption("--fields <list>", "comma-separated catalog fields, e.g. Customer.name,Customer.phone,Interaction.*", list)
    .option("--capabilities <list>", "comma-separated capabilities: INTEGRATION lets a feeding system (billing, CRM) call the feed mutations; OPEN_CASE, LOG_INTERACTION, SUBMIT_FEEDBACK, RECORD_CONSENT let a channel app call that mutation", list)
    .action(async (options: { name: string; purposes: string[]; fields: string[]; capabilities?: string[]; as?: string }) => {
      const created = await withDatabase((db) =>
        createPartner(
          db,
          { name: options.name, purposes: options.purposes.map((p) => p.toUpperCase()), fields: options.fields, capabilities: options.capabilities?.map((c) => c.toUpperCase()) },
          operatorAudit("createPartnerApp", options.as),
        ),
      );
      process.stdout.write(`Created partner app ${created.name} (id ${created.id}); purposes ${created.allowedPurposes.join(", ")}.\n`);
      process.stdout.write(`Issue a key with: pnpm tessera partner key --partner ${created.id}\n`);
    });
  withOperatorOption(partner
    .command("key"))
    .description("Issue an API key for a partner app (printed once; only its hash is stored)")
    .requiredOption("--partner <id-or-name>", "partner app id or name")
    .action(async (options: { partner: string; as?: string }) => {
      const { key, row } = await withDatabase((db) => issueKey(db, options.partner, operatorAudit("createApiKey", options.as)));
      process.stdout.write(`API key ${row.keyId} (shown once, store it now):\n${key}\n`);
    });
  withOperatorOption(partner
    .command("revoke-key"))
    .description("Revoke an API key at once")
    .requiredOption("--key-id <keyId>", "the key id (the part after tsk_)")
    .action(async (options: { keyId: string; as?: string }) => {
      const row = await withDatabase((db) => revokeApiKey(db, options.keyId, operatorAudit("revokeApiKey", options.as)));
      process.stdout.write(`Revoked API key ${row.keyId} at ${row.revokedAt?.toISOString()}.\n`);
    });
}
