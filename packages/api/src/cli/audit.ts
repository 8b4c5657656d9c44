import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import { benchAuditAppends } from "../audit/append-bench.js";
import { checkpointPublicKey, checkpointSignatureProblem, createCheckpoint, type Checkpoint } from "../audit/checkpoint.js";
import { keyFromFile, masterKey, masterKeyOf, rewrapKeys } from "../audit/keys.js";
import { sealPending } from "../audit/seal.js";
import { verifyAuditChain } from "../audit/verify.js";
import { openConfiguredDatabase } from "../db/open.js";
import { CliError } from "./cli-error.js";
import { progress } from "./progress.js";

const n = (value: number) => value.toLocaleString("en-US");

function positive(value: string, option: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 1) throw new CliError(`${option} must be a positive integer, got "${value}"`);
  return number;
}

function readCheckpoint(file: string, trustedKey: string): Checkpoint {
  let cp: Checkpoint;
  try {
    cp = JSON.parse(readFileSync(file, "utf8")) as Checkpoint;
  } catch (error) {
    throw new CliError(`--checkpoint: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const problem = checkpointSignatureProblem(cp, trustedKey);
  if (problem) throw new CliError(`Checkpoint ${file} REJECTED: ${problem}`);
  return cp;
}

export function registerAudit(program: Command) {
  const audit = program.command("audit").description("Audit trail operations");
  audit
    .command("verify")
    .description("Re-compute the keyed audit hash chain from the first event; exit 1 on any break")
    .option("--batch-size <n>", "events read per query", "5000")
    .option("--checkpoint <file>", "also check the chain against a signed checkpoint (detects a removed tail)")
    .option("--public-key <base64>", "the trusted checkpoint public key (default: this installation's, `tessera audit public-key`)")
    .addHelpText("after", "\nExamples:\n  tessera audit verify\n  tessera audit verify --checkpoint audit-2026-12-01.json\n")
    .action(async (options: { batchSize: string; checkpoint?: string; publicKey?: string }) => {
      const batchSize = positive(options.batchSize, "--batch-size");
      const checkpoint = options.checkpoint ? readCheckpoint(options.checkpoint, options.publicKey ?? checkpointPublicKey()) : undefined;
      const database = await openConfiguredDatabase();
      const bar = progress("events");
      const started = performance.now();
      try {
        const result = await verifyAuditChain(database.db, { batchSize, checkpoint, onProgress: (p) => bar.update(p.checked, p.total) }).finally(() => bar.stop());
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        if (result.firstBroken) throw new CliError(`Audit chain BROKEN at event #${result.firstBroken.seq}: ${result.firstBroken.reason}`);
        if (result.checkpoint && !result.checkpoint.ok) throw new CliError(`Audit chain does NOT MATCH the checkpoint of ${checkpoint!.createdAt}: ${result.checkpoint.reason}`);
        const against = checkpoint ? `; matches the checkpoint of ${checkpoint.createdAt} at position ${checkpoint.pos}` : "";
        process.stdout.write(
          `Audit chain OK: ${n(result.checked)} events checked in ${seconds} s (head ${result.lastHash})${against}; ${n(result.unsealed)} events not sealed yet\n`,
        );
      } finally {
        await database.close();
      }
    });
  audit
    .command("checkpoint")
    .description("Seal pending events, verify the chain and write its head, signed (Ed25519), for an auditor to keep outside the database")
    .option("-o, --out <file>", "write the checkpoint to a file instead of stdout")
    .action(async (options: { out?: string }) => {
      const database = await openConfiguredDatabase();
      try {
        const cp = await createCheckpoint(database.db).catch((error: unknown) => {
          throw new CliError((error as Error).message);
        });
        const text = `${JSON.stringify(cp, null, 2)}\n`;
        if (options.out) {
          writeFileSync(options.out, text);
          process.stderr.write(`Checkpoint of ${n(cp.pos)} sealed events written to ${options.out}\n`);
        } else process.stdout.write(text);
      } finally {
        await database.close();
      }
    });
  audit
    .command("public-key")
    .description("Print the public key that verifies checkpoints (no secret: give it to auditors)")
    .action(() => {
      process.stdout.write(`${checkpointPublicKey()}\n`);
    });
  audit
    .command("seal")
    .description("Chain every pending audit event now (the API's sealer does this continuously)")
    .action(async () => {
      const database = await openConfiguredDatabase();
      try {
        const { sealed } = await sealPending(database.db, { wait: true });
        process.stdout.write(`Sealed ${n(sealed)} pending audit events\n`);
      } finally {
        await database.close();
      }
    });
  audit
    .command("rotate-master-key")
    .description("Re-wrap every customer data key and system key from the previous master key to TESSERA_MASTER_KEY (run as the database owner)")
    .requiredOption("--previous-key-file <file>", "file holding the previous master key (hex or base64)")
    .action(async (options: { previousKeyFile: string }) => {
      if (!existsSync(options.previousKeyFile)) throw new CliError(`--previous-key-file: ${options.previousKeyFile} does not exist`);
      const previous = masterKeyOf(keyFromFile(options.previousKeyFile, "previous master"));
      const next = masterKey();
      if (previous.id === next.id) throw new CliError("the previous key is the current TESSERA_MASTER_KEY: nothing to rotate");
      const database = await openConfiguredDatabase();
      try {
        const { customers, system } = await rewrapKeys(database.db, previous, next);
        process.stdout.write(`Re-wrapped ${n(customers)} customer keys and ${n(system)} system keys under master key ${next.id}\n`);
      } finally {
        await database.close();
      }
    });
  audit
    .command("bench")
    .description("Concurrent audit appends per second: one chain lock per append (before) vs the pending queue and sealer (now)")
    .option("--appenders <n>", "concurrent appenders", "8")
    .option("--rows <n>", "rows appended per variant", "2000")
    .action(async (options: { appenders: string; rows: string }) => {
      const appenders = positive(options.appenders, "--appenders");
      const rows = positive(options.rows, "--rows");
      const database = await openConfiguredDatabase();
      try {
        const r = await benchAuditAppends(database.db, { appenders, rows });
        const line = (label: string, x: typeof r.locked) =>
          `  ${label.padEnd(34)} ${n(Math.round(x.rowsPerSecond)).padStart(7)} rows/s  (${n(x.rows)} rows in ${x.seconds.toFixed(2)} s; ${x.cpuMsPerRow.toFixed(2)} ms CPU per row in this process)\n`;
        process.stdout.write(
          `Audit appends, ${r.appenders} concurrent appenders, one row per transaction (${database.driver}):\n` +
            line("chain lock per append (before)", r.locked) +
            line("pending queue + sealer (now)", r.pending) +
            line("same, reads' group commit", r.grouped) +
            `  ratio ${(r.pending.rowsPerSecond / r.locked.rowsPerSecond).toFixed(1)}×; all sealed ${Math.round(r.sealLagMs)} ms after the last append\n`,
        );
      } finally {
        await database.close();
      }
    });
}
