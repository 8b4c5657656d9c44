import { randomUUID } from "node:crypto";
import os from "node:os";
import type { Command } from "commander";
import { AuditCollector } from "../audit/audit.collector.js";

/**
 * Who runs an administrative CLI command. The operator's CLI on the server applies grants directly
 * (no second admin: whoever can run it already holds the database), so every such row names the
 * person: `--as <name>`, else the operating-system account. docs/security.md states the rule.
 */
export function operatorAudit(operation: string, as: string | undefined): AuditCollector {
  const name = `operator:${(as ?? os.userInfo().username).trim() || "unknown"}`;
  const audit = new AuditCollector({ requestId: `cli-${randomUUID()}`, principal: { kind: "SYSTEM", id: name, name }, purpose: "SERVICE" });
  audit.operation = operation;
  return audit;
}

export function withOperatorOption(command: Command): Command {
  return command.option("--as <name>", "who is running this, for the audit trail (default: the operating-system user)");
}
