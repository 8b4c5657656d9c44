import { randomBytes } from "node:crypto";
import type { Command } from "commander";
import { openConfiguredDatabase } from "../db/open.js";
import { AppError } from "../graphql/errors.js";
import { assertRole, createUser } from "../modules/user/user.service.js";
import { CliError } from "./cli-error.js";
import { operatorAudit, withOperatorOption } from "./operator.js";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").trim();
}

export function registerUser(program: Command) {
  const user = program.command("user").description("Manage console users");
  withOperatorOption(user
    .command("create"))
    .description("Create a console user; prints a generated password unless --password-stdin is given")
    .requiredOption("--username <username>", "login name (lower case)")
    .requiredOption("--role <role>", "ADMIN, STEWARD, AGENT, ANALYST or AUDITOR")
    .option("--display-name <name>", "name shown in the console")
    .option("--clearance <level>", "highest customer security level (1–5) the user may open; default 1")
    .option("--password-stdin", "read the password from standard input instead of generating one")
    .action(async (options: { username: string; role: string; displayName?: string; clearance?: string; passwordStdin?: boolean; as?: string }) => {
      const role = (() => {
        try {
          return assertRole(options.role.toUpperCase());
        } catch (error) {
          throw new CliError(`--role: ${(error as Error).message.replace(/^role: /, "")}`);
        }
      })();
      const password = options.passwordStdin ? await readStdin() : randomBytes(12).toString("base64url");
      const database = await openConfiguredDatabase();
      try {
        const created = await createUser(database.db, { username: options.username, role, password, displayName: options.displayName, clearance: options.clearance === undefined ? undefined : Number(options.clearance) }, operatorAudit("createUser", options.as));
        process.stdout.write(`Created ${created.role} user ${created.username}.\n`);
        if (!options.passwordStdin) process.stdout.write(`Password (shown once): ${password}\n`);
      } catch (error) {
        if (error instanceof AppError) throw new CliError(error.message);
        throw error;
      } finally {
        await database.close();
      }
    });
}
