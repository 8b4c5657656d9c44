import { problem } from "@tessera/schema/problems";
import { FIELD_LIMITS } from "@tessera/schema/limits";
import { diffForAudit } from "../../audit/audit.collector.js";
import type { Context } from "../../graphql/context.js";
import { AppError, BadInputError, ConflictError, ErrorCode, NotFoundError } from "../../graphql/errors.js";
import { isUuid } from "../../lib/ids.js";
import { InputValidator } from "../../lib/validation.js";
import type { Subject } from "../../privacy/policy.js";
import { customerCondition, declareArgumentReads, release } from "../../privacy/scope.js";
import { KEY_ACCOUNT_KINDS } from "../case/case.rules.js";
import { requireCustomer } from "../customer/customer.service.js";
import { accountLoaders } from "./account.loaders.js";
import { TIER_COMMITMENTS, type KeyAccountTier } from "./account.rules.js";
import type { KeyAccountInput } from "./account.inputs.js";
import { closeWarningIfVersion, selectKeyAccounts, selectWarnings, upsertKeyAccount, type AccountWarningWithSubject, type KeyAccountWithSubject } from "./account.queries.js";
import type { AccountWarningRow, KeyAccountRow } from "./account.table.js";
import { AccountWarning, KeyAccount, Portfolio } from "./account.type.js";

/** `portfolio(accountManager)` names a staff username (not a catalog field of the customer). */
export const PORTFOLIO_READS = declareArgumentReads("portfolio", { accountManager: [] });

function toKeyAccount(row: KeyAccountWithSubject): KeyAccount {
  const { erasedAt: _e, processingRestricted: _r, createdAt: _c, ...rest } = row;
  const commitment = TIER_COMMITMENTS[row.tier];
  return Object.assign(new KeyAccount(), { ...rest, responseHours: commitment.responseHours, handlingHours: commitment.handlingHours, serviceLevel: commitment.serviceLevel });
}

function toWarning(row: AccountWarningWithSubject | AccountWarningRow): AccountWarning {
  const { erasedAt: _e, processingRestricted: _r, ...rest } = row as AccountWarningWithSubject;
  return Object.assign(new AccountWarning(), rest);
}

const subjectOf = (rows: readonly (Subject & { customerId: string })[]) => {
  const byId = new Map(rows.map((r) => [r.customerId, { erasedAt: r.erasedAt, processingRestricted: r.processingRestricted }]));
  return (row: { customerId: string }) => byId.get(row.customerId) ?? {};
};

/** Key accounts leaving the data layer: masked by the catalog (the dossier names people) and read-audited. */
function presentAccounts(ctx: Context, rows: KeyAccountWithSubject[]): KeyAccount[] {
  return release(ctx, "KeyAccount", rows.map(toKeyAccount), subjectOf(rows), (a) => a.customerId);
}

function presentWarnings(ctx: Context, rows: AccountWarningWithSubject[]): AccountWarning[] {
  return release(ctx, "AccountWarning", rows.map(toWarning), subjectOf(rows), (w) => w.customerId);
}

/** Customer.keyAccount: one statement for all customers of the page. */
export async function customerKeyAccount(ctx: Context, customer: { id: string }): Promise<KeyAccount | null> {
  const rows = await ctx.loaders.of(accountLoaders, ctx).keyAccountsByCustomerId.load(customer.id);
  return presentAccounts(ctx, rows)[0] ?? null;
}

/** The branches of a group that this principal may see. */
export async function branchesOf(ctx: Context, account: KeyAccount): Promise<KeyAccount[]> {
  return presentAccounts(ctx, await selectKeyAccounts(ctx.db, { groupIds: [account.customerId] }, customerCondition(ctx.policy, "MATCH")));
}

/** Every early warning of an account, newest month first. */
export async function warningsOf(ctx: Context, account: KeyAccount): Promise<AccountWarning[]> {
  const rows = await ctx.loaders.of(accountLoaders, ctx).warningsByCustomerId.load(account.customerId);
  return presentWarnings(ctx, rows);
}

/**
 * An account manager's portfolio: the key accounts they manage (Customer.accountManager) and the
 * open early warnings assigned to them. Without an argument, the caller's own.
 */
export async function portfolio(ctx: Context, accountManager?: string | null): Promise<Portfolio> {
  const manager = accountManager?.trim() || ctx.principal.name;
  const visibility = customerCondition(ctx.policy, "MATCH");
  const [accounts, warnings] = await Promise.all([
    selectKeyAccounts(ctx.db, { accountManager: manager }, visibility),
    selectWarnings(ctx.db, { accountManager: manager, openOnly: true }, visibility),
  ]);
  return Object.assign(new Portfolio(), { accountManager: manager, accounts: presentAccounts(ctx, accounts), openWarnings: presentWarnings(ctx, warnings) });
}

const clean = (s: string | null | undefined) => (s?.trim() ? s.trim() : null);

/**
 * Makes an enterprise or government customer a key account, or replaces its tier and dossier.
 * `expectedVersion` is required to change an existing account (null creates one). A branch's
 * group must be a visible key account that is not itself a branch (group → branches).
 */
export async function setKeyAccount(ctx: Context, input: KeyAccountInput, expectedVersion: number | null): Promise<KeyAccount> {
  const v = new InputValidator("input");
  if (!isUuid(input.customerId)) v.fail("customerId", problem("INVALID_ID"));
  if (input.groupId != null && !isUuid(input.groupId)) v.fail("groupId", problem("INVALID_ID"));
  if (input.groupId != null && input.groupId === input.customerId) v.fail("groupId", problem("GROUP_IS_SELF"));
  v.text("networkStructure", input.networkStructure, { max: 4000 });
  v.text("equipment", input.equipment, { max: 4000 });
  v.text("technicalContactName", input.technicalContactName, { max: 200 });
  v.text("technicalContactPhone", input.technicalContactPhone, { max: 40 });
  if ((input.sites?.length ?? 0) > 100) v.fail("sites", problem("TOO_MANY_SITES", { max: 100 }));
  input.sites?.forEach((site, i) => v.text(`sites[${i}]`, site, { max: 300, required: true }));
  v.done();
  const customer = await requireCustomer(ctx, input.customerId);
  if (!KEY_ACCOUNT_KINDS.includes(customer.kind)) throw BadInputError.field("input.customerId", problem("NOT_A_KEY_ACCOUNT_KIND", { kind: customer.kind, allowed: KEY_ACCOUNT_KINDS.join(" or ") }));
  if (customer.erasedAt) throw BadInputError.field("input.customerId", problem("CUSTOMER_ERASED"));
  const [current] = await selectKeyAccounts(ctx.db, { customerIds: [customer.id] });
  if (input.groupId) {
    const [group] = await selectKeyAccounts(ctx.db, { customerIds: [input.groupId] }, customerCondition(ctx.policy, "RECORD"));
    if (!group) throw BadInputError.field("input.groupId", problem("NOT_A_KEY_ACCOUNT"));
    if (group.groupId) throw BadInputError.field("input.groupId", problem("GROUP_IS_BRANCH"));
    const [branch] = await selectKeyAccounts(ctx.db, { groupIds: [customer.id] });
    if (branch) throw BadInputError.field("input.groupId", problem("GROUP_HAS_BRANCHES"));
  }
  if (current && expectedVersion === null) throw new ConflictError(`Customer ${customer.id} is already a key account (version ${current.version}); pass expectedVersion to change it`, { currentVersion: current.version });
  if (!current && expectedVersion !== null) throw new NotFoundError("KeyAccount", customer.id);
  const row = {
    customerId: customer.id,
    tier: input.tier as KeyAccountTier,
    groupId: input.groupId ?? null,
    networkStructure: clean(input.networkStructure),
    equipment: clean(input.equipment),
    sites: (input.sites ?? []).map((s) => s.trim()),
    technicalContactName: clean(input.technicalContactName),
    technicalContactPhone: clean(input.technicalContactPhone),
    productsHeld: [...new Set(input.productsHeld ?? [])] as KeyAccountRow["productsHeld"],
  };
  const saved = await ctx.db.transaction(async (tx) => {
    const written = await upsertKeyAccount(tx, row, expectedVersion);
    if (!written) throw new ConflictError(`Key account ${customer.id} was changed by someone else; reload and retry`, { currentVersion: current?.version, expectedVersion });
    const { customerId: _c, ...audited } = row;
    const changes = diffForAudit("KeyAccount", current ? { ...current } : undefined, audited);
    await ctx.audit.write(tx, { action: current ? "UPDATE" : "CREATE", customerIds: [customer.id], fields: changes.map((c) => `KeyAccount.${c.field}`), changes });
    return written;
  });
  return presentAccounts(ctx, [{ ...saved, erasedAt: customer.erasedAt, processingRestricted: customer.processingRestricted, accountManager: customer.accountManager }])[0]!;
}

export interface CloseWarningArgs {
  id: string;
  expectedVersion: number;
  cause?: string | null;
  retentionAction?: string | null;
  note?: string | null;
}

/**
 * Closes a cause-analysis task: only with the cause AND the retention action (DOMAIN.md "the
 * account manager must file a cause analysis and a retention action"); a missing one is refused
 * naming the field. Only the assigned account manager closes it (any service-desk user when none
 * was assigned). A warning of a customer the caller may not see is NOT_FOUND.
 */
export async function closeAccountWarning(ctx: Context, args: CloseWarningArgs): Promise<AccountWarning> {
  const v = new InputValidator("");
  if (!args.cause) v.fail("cause", problem("WARNING_CAUSE_REQUIRED"));
  if (!args.retentionAction) v.fail("retentionAction", problem("WARNING_ACTION_REQUIRED"));
  v.text("note", args.note, { max: FIELD_LIMITS.AccountWarning.note });
  if (!Number.isInteger(args.expectedVersion) || args.expectedVersion < 1) v.fail("expectedVersion", problem("POSITIVE_INTEGER"));
  const [warning] = isUuid(args.id) ? await selectWarnings(ctx.db, { ids: [args.id] }, customerCondition(ctx.policy, "RECORD")) : [];
  if (!warning) throw new NotFoundError("AccountWarning", args.id);
  if (warning.accountManager && warning.accountManager !== ctx.principal.name)
    throw new AppError(ErrorCode.FORBIDDEN, `Only the account manager ${warning.accountManager} closes this warning`, { field: "id" });
  if (warning.status !== "OPEN") throw BadInputError.field("id", problem("WARNING_CLOSED"));
  v.done();
  if (warning.version !== args.expectedVersion)
    throw new ConflictError(`Warning ${args.id} was changed by someone else (version ${warning.version}, expected ${args.expectedVersion}); reload and retry`, { currentVersion: warning.version });
  const patch = {
    cause: args.cause as AccountWarningRow["cause"],
    retentionAction: args.retentionAction as AccountWarningRow["retentionAction"],
    note: clean(args.note),
    closedBy: ctx.principal.name,
  };
  const closed = await ctx.db.transaction(async (tx) => {
    const row = await closeWarningIfVersion(tx, warning.id, args.expectedVersion, patch);
    if (!row) throw new ConflictError(`Warning ${args.id} was changed by someone else; reload and retry`, { expectedVersion: args.expectedVersion });
    const changes = diffForAudit("AccountWarning", { ...warning }, { ...patch, status: "CLOSED" });
    await ctx.audit.write(tx, { action: "UPDATE", customerIds: [warning.customerId], fields: changes.map((c) => `AccountWarning.${c.field}`), changes });
    return row;
  });
  return presentWarnings(ctx, [{ ...closed, erasedAt: warning.erasedAt, processingRestricted: warning.processingRestricted }])[0]!;
}
