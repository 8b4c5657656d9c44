import { problem } from "@tessera/schema/problems";
import type { GraphQLResolveInfo } from "graphql";
import { FIELD_LIMITS } from "@tessera/schema/limits";
import { caseLoaders } from "./case.loaders.js";
import { emitEvent } from "../webhook/outbox.js";
import { and } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { diffForAudit } from "../../audit/audit.collector.js";
import { loadOwnedRows } from "../../graphql/batch.js";
import type { Page, PageArgs } from "../../graphql/connection.js";
import { keysetPage, timeAndId } from "../../graphql/keyset.js";
import type { Context } from "../../graphql/context.js";
import { AppError, BadInputError, ConflictError, ErrorCode, NotFoundError } from "../../graphql/errors.js";
import { isUuid } from "../../lib/ids.js";
import { InputValidator } from "../../lib/validation.js";
import type { Principal } from "../../privacy/principal.js";
import type { Subject } from "../../privacy/policy.js";
import { customerCondition, release } from "../../privacy/scope.js";
import { selectTierOf } from "../account/account.queries.js";
import { requireCustomer } from "../customer/customer.service.js";
import { insertFeedback } from "../feedback/feedback.queries.js";
import { refreshInsightFor } from "../insight/insight.refresh.js";
import { valueTierOf } from "../insight/insight.service.js";
import { insertInteraction } from "../interaction/interaction.queries.js";
import type { InteractionRow } from "../interaction/interaction.table.js";
import { selectUserByUsername } from "../user/user.queries.js";
import { writeChannel } from "../partner/partner.writes.js";
import type { CaseFilter, OpenCaseInput, TransitionCaseArgs } from "./case.inputs.js";
import {
  caseFilterCondition,
  countCases,
  insertCase,
  linkInteractionToCase,
  selectCasePage,
  selectCaseVersion,
  selectInteractionLink,
  updateCaseIfVersion,
  type CasePatch,
  type CaseWithSubject,
} from "./case.queries.js";
import {
  allowedActions,
  defaultPriority,
  DISSATISFIED_UP_TO,
  dueAt,
  followUpOutcome,
  INTAKE_INTERACTION_TYPE,
  MAX_ETA_DAYS,
  OPEN_ACTION,
  raisePriority,
  responseDueAt,
  SATISFACTION_RANGE,
  SATISFIED_FROM,
  TRANSITIONS,
  type CaseAction,
} from "./case.rules.js";
import type { CaseRow, CaseTransition as StoredTransition } from "./case.table.js";
import { Case, CaseTransition } from "./case.type.js";

/** Console roles that work cases, and so may own one. */
const CASE_WORKERS = ["STEWARD", "AGENT"];

/**
 * The owner label of a principal: the console username (first contact owns the case). A channel
 * app is the customer's first contact for the cases it opens, so they carry the partner app's name
 * (with source APP and its id); an agent takes the work over with ASSIGN.
 */
function ownerName(principal: Principal): string {
  return principal.name;
}

/**
 * Transition notes are free text about the case, like its resolution: the catalog entry of
 * Case.resolution governs them (roles that do not read free text, erased customers and
 * restricted processing outside SERVICE get no notes).
 */
function noteTreatment(ctx: Context, subject: Subject) {
  if (subject.erasedAt) return { shown: false, reason: "ERASED" as const };
  if (subject.processingRestricted && ctx.purpose !== "SERVICE") return { shown: false, reason: "RESTRICTED" as const };
  const decision = ctx.policy.decisionsFor("CaseTransition").find((d) => d.field === "note")!;
  return decision.treatment === "FULL" ? { shown: true } : { shown: false, reason: decision.reason! };
}

/** A stored case row (already masked by the policy) as the GraphQL Case. */
function toCase(ctx: Context, row: CaseRow, subject: Subject): Case {
  const notes = noteTreatment(ctx, subject);
  // A planned read builds the history only when it is selected (case.queries casesRelation).
  const history = (row.history ?? []).map((h) => {
    const note = h.note ?? null;
    if (note !== null && !notes.shown) ctx.policy.redactions.add("CaseTransition.note", notes.reason!);
    return Object.assign(new CaseTransition(), { ...h, at: new Date(h.at), note: notes.shown ? note : null });
  });
  const { erasedAt: _e, processingRestricted: _p, ...fields } = row as CaseWithSubject;
  return Object.assign(new Case(), fields, { history });
}

/** Cases leaving the data layer for a root field: audited as a read and masked by the policy. */
function present(ctx: Context, rows: CaseWithSubject[]): Case[] {
  return release(ctx, "Case", rows, (r) => r, (r) => r.customerId).map((row) => toCase(ctx, row, row));
}

/** Customer.cases: batched over the customers of the page, newest first. */
export async function customerCases(ctx: Context, customer: Subject & { id: string }, info?: GraphQLResolveInfo): Promise<Case[]> {
  const rows = await loadOwnedRows(ctx, "Case", customer, ctx.loaders.of(caseLoaders, ctx).casesByCustomerId, info);
  return rows.map((row) => toCase(ctx, row, customer));
}

export async function findCase(ctx: Context, id: string): Promise<Case | null> {
  if (!isUuid(id)) return null;
  const row = await ctx.loaders.of(caseLoaders, ctx).byId.load(id);
  return row ? present(ctx, [row])[0]! : null;
}

/** The service-desk work queue: soonest due first, keyset on (dueAt, id); pages forward or backward. */
export async function listCases(ctx: Context, args: PageArgs & { filter?: CaseFilter }): Promise<Page<Case>> {
  if (args.filter?.customerId != null && !isUuid(args.filter.customerId)) throw BadInputError.field("filter.customerId", problem("INVALID_ID"));
  const filter = caseFilterCondition(args.filter);
  const visibility = customerCondition(ctx.policy, "MATCH");
  return keysetPage(ctx, args, {
    list: "cases",
    connection: "CaseConnection",
    arity: 2,
    positionOf: (row: CaseWithSubject) => [row.dueAt.toISOString(), row.id],
    fromCursor: (values) => {
      const key = timeAndId(values);
      return key && { dueAt: key.at, id: key.id };
    },
    read: ({ from, backward, limit }) => selectCasePage(ctx.db, { where: and(filter, visibility), from, backward, limit }),
    release: (rows) => present(ctx, rows),
    count: () => countCases(ctx.db, filter, visibility),
  });
}

export async function openCase(ctx: Context, input: OpenCaseInput): Promise<Case> {
  const v = new InputValidator();
  if (!isUuid(input.customerId)) v.fail("customerId", problem("INVALID_ID"));
  v.text("subject", input.subject, { required: true, max: FIELD_LIMITS.Case.subject });
  if (input.interactionId != null && !isUuid(input.interactionId)) v.fail("interactionId", problem("INVALID_ID"));
  const channel = writeChannel(v, ctx.principal, "channel", input.channel) ?? "HOTLINE";
  v.done();
  const customer = await requireCustomer(ctx, input.customerId);
  if (customer.erasedAt) throw BadInputError.field("input.customerId", problem("CUSTOMER_ERASED"));
  if (input.interactionId) {
    const intake = await selectInteractionLink(ctx.db, input.interactionId);
    if (!intake || intake.customerId !== customer.id) throw BadInputError.field("input.interactionId", problem("INTERACTION_OF_OTHER_CUSTOMER"));
    if (intake.caseId) throw BadInputError.field("input.interactionId", problem("INTERACTION_HAS_CASE", { caseId: intake.caseId }));
  }
  const kind = input.kind as CaseRow["kind"];
  const category = input.category as CaseRow["category"];
  const owner = ownerName(ctx.principal);
  const openedAt = new Date();
  // A key account's tier shortens its clocks (case.rules.ts responseHours / handlingHours).
  const tier = await selectTierOf(ctx.db, customer.id);
  const priority = (input.priority as CaseRow["priority"] | undefined) ?? defaultPriority(kind, category, { kind: customer.kind, valueTier: await valueTierOf(ctx.db, customer.id) });
  const row = {
    customerId: customer.id,
    kind,
    category,
    priority,
    status: "OPEN" as const,
    subject: input.subject.trim(),
    owner,
    source: ctx.principal.kind === "PARTNER" ? ("APP" as const) : ("STAFF" as const),
    partnerId: ctx.principal.kind === "PARTNER" ? ctx.principal.partnerId : null,
    openedAt,
    responseDueAt: responseDueAt(kind, openedAt, tier),
    dueAt: dueAt(kind, openedAt, null, tier),
    history: [{ from: null, to: "OPEN", action: OPEN_ACTION, by: owner, at: openedAt.toISOString(), note: null }],
  };
  const created = await ctx.db.transaction(async (tx) => {
    const kase = await insertCase(tx, row);
    const { history: _h, ...audited } = row;
    await ctx.audit.write(tx, {
      action: "CREATE",
      customerIds: [customer.id],
      fields: Object.keys(audited).map((f) => `Case.${f}`),
      changes: diffForAudit("Case", undefined, { id: kase.id, ...audited }),
    });
    if (input.interactionId) {
      // The contact is already in every channel's history; it now points at its case.
      if (!(await linkInteractionToCase(tx, input.interactionId, customer.id, kase.id)))
        throw new ConflictError(`Interaction ${input.interactionId} was linked to another case meanwhile`, { field: "input.interactionId" });
      await ctx.audit.write(tx, { action: "UPDATE", customerIds: [customer.id], fields: ["Interaction.caseId"], changes: [{ field: "caseId", before: null, after: kase.id }] });
    } else {
      const intake: Omit<InteractionRow, "id" | "createdAt" | "externalId"> = {
        customerId: customer.id,
        occurredAt: openedAt,
        channel: channel as InteractionRow["channel"],
        type: INTAKE_INTERACTION_TYPE[kind],
        summary: row.subject,
        agent: owner,
        outcome: "CASE_OPENED",
        caseId: kase.id,
      };
      await insertInteraction(tx, intake);
      await ctx.audit.write(tx, {
        action: "CREATE",
        customerIds: [customer.id],
        fields: Object.keys(intake).map((f) => `Interaction.${f}`),
        changes: diffForAudit("Interaction", undefined, intake),
      });
    }
    // A case's life starts at OPEN: partners following a customer's cases see it from its first status.
    await emitEvent(tx, { type: "CASE_STATUS_CHANGED", customerId: customer.id, data: { caseId: kase.id, from: null, to: "OPEN", action: OPEN_ACTION, version: kase.version } });
    // Complaints feed churn risk: the stored insight commits with the case.
    await refreshInsightFor(tx, [customer.id]);
    return kase;
  });
  return present(ctx, [{ ...created, erasedAt: customer.erasedAt, processingRestricted: customer.processingRestricted }])[0]!;
}

function validateTransition(args: TransitionCaseArgs): InputValidator {
  const v = new InputValidator("");
  v.text("note", args.note, { max: FIELD_LIMITS.Case.note });
  v.text("resolution", args.resolution, { max: FIELD_LIMITS.Case.resolution });
  v.text("rootCause", args.rootCause, { max: FIELD_LIMITS.Case.rootCause });
  v.text("owner", args.owner, { max: FIELD_LIMITS.Case.owner });
  v.intRange("satisfaction", args.satisfaction, SATISFACTION_RANGE[0], SATISFACTION_RANGE[1]);
  if (args.eta != null && Number.isNaN(args.eta.getTime())) v.fail("eta", problem("INVALID_TIME"));
  if (!Number.isInteger(args.expectedVersion) || args.expectedVersion < 1) v.fail("expectedVersion", problem("POSITIVE_INTEGER"));
  return v;
}

const trimmed = (s: string | null | undefined) => (s?.trim() ? s.trim() : undefined);

/** An ETA is a promise to the customer: in the future and not absurdly far. */
function checkEta(v: InputValidator, eta: Date | undefined, now: Date) {
  if (!eta) return;
  if (eta.getTime() <= now.getTime()) v.fail("eta", problem("ETA_NOT_IN_FUTURE"));
  else if (eta.getTime() > now.getTime() + MAX_ETA_DAYS * 86_400_000) v.fail("eta", problem("ETA_TOO_FAR", { days: MAX_ETA_DAYS }));
}

/** A contact with the customer about the case: the first one stops the response clock. */
function contact(kase: CaseRow, patch: CasePatch, now: Date) {
  if (!kase.firstResponseAt) patch.firstResponseAt = now;
  patch.lastContactAt = now;
}

/** What an action needs besides being allowed, and what it changes. */
async function applyAction(ctx: Context, action: CaseAction, kase: CaseRow, args: TransitionCaseArgs, v: InputValidator, now: Date): Promise<CasePatch> {
  const note = trimmed(args.note);
  const resolution = trimmed(args.resolution);
  const rootCause = trimmed(args.rootCause);
  const eta = args.eta ?? undefined;
  const patch: CasePatch = {};
  switch (action) {
    case "ASSIGN": {
      // 首问负责制: the owner (first contact) stays accountable; the work goes to the assignee.
      const assignee = trimmed(args.owner);
      if (!assignee) v.fail("owner", problem("ASSIGNEE_REQUIRED"));
      else {
        const user = await selectUserByUsername(ctx.db, assignee);
        if (!user || user.disabledAt || !CASE_WORKERS.includes(user.role)) v.fail("owner", problem("NOT_A_CASE_WORKER", { username: assignee }));
        patch.assignee = assignee;
      }
      break;
    }
    case "START":
      break;
    case "RESPOND":
      if (!eta) v.fail("eta", problem("ETA_REQUIRED"));
      checkEta(v, eta, now);
      contact(kase, patch, now);
      if (eta) {
        patch.eta = eta;
        patch.dueAt = dueAt(kase.kind, kase.openedAt, eta, await selectTierOf(ctx.db, kase.customerId));
      }
      break;
    case "PROGRESS":
      if (!note) v.fail("note", problem("NOTE_REQUIRED_PROGRESS"));
      checkEta(v, eta, now);
      contact(kase, patch, now);
      patch.progressContacts = kase.progressContacts + 1;
      if (eta) {
        patch.eta = eta;
        patch.dueAt = dueAt(kase.kind, kase.openedAt, eta, await selectTierOf(ctx.db, kase.customerId));
      }
      break;
    case "ESCALATE":
      if (!note) v.fail("note", problem("NOTE_REQUIRED_ESCALATE"));
      patch.escalationLevel = kase.escalationLevel + 1;
      patch.escalatedAt = now;
      patch.priority = raisePriority(kase.priority);
      if (kase.status === "RESOLVED") patch.resolvedAt = null;
      break;
    case "RESOLVE":
      if (!resolution) v.fail("resolution", problem("RESOLUTION_REQUIRED"));
      patch.resolution = resolution;
      patch.resolvedAt = now;
      // Resolving informs the customer: a first response if none was given.
      contact(kase, patch, now);
      break;
    case "CLOSE":
      // A case closes only with a satisfied customer: the follow-up result decides (3 is neutral).
      if (args.satisfaction == null) v.fail("satisfaction", problem("SATISFACTION_REQUIRED"));
      else if (args.satisfaction < SATISFIED_FROM)
        v.fail("satisfaction", problem(args.satisfaction <= DISSATISFIED_UP_TO ? "DISSATISFIED" : "NEUTRAL_NOT_SATISFIED", { score: args.satisfaction, from: SATISFIED_FROM }));
      if (!rootCause && !kase.rootCause) v.fail("rootCause", problem("ROOT_CAUSE_REQUIRED"));
      if (!resolution && !kase.resolution) v.fail("resolution", problem("RESOLUTION_REQUIRED_TO_CLOSE"));
      if (rootCause) patch.rootCause = rootCause;
      if (resolution) patch.resolution = resolution;
      patch.closedAt = now;
      break;
    case "REOPEN":
      if (!note) v.fail("note", problem("NOTE_REQUIRED_REOPEN"));
      patch.resolvedAt = null;
      patch.closedAt = null;
      break;
  }
  const followUp: CaseAction[] = ["CLOSE", "REOPEN", "ESCALATE"];
  if (args.satisfaction != null) {
    if (!followUp.includes(action)) v.fail("satisfaction", problem("SATISFACTION_WITH_FOLLOW_UP"));
    else if (action !== "ESCALATE" || kase.status === "RESOLVED") patch.satisfaction = args.satisfaction;
    else v.fail("satisfaction", problem("SATISFACTION_AFTER_RESOLVE"));
  }
  if (args.eta != null && action !== "RESPOND" && action !== "PROGRESS") v.fail("eta", problem("ETA_NOT_EXPECTED"));
  return patch;
}

/**
 * One step of the closed loop. A stale expectedVersion is CONFLICT; an action the current status
 * does not allow is BAD_USER_INPUT naming the allowed ones; nothing is written in either case.
 */
export async function transitionCase(ctx: Context, args: TransitionCaseArgs): Promise<Case> {
  const v = validateTransition(args);
  v.done();
  const kase = isUuid(args.id) ? await ctx.loaders.of(caseLoaders, ctx).byId.load(args.id) : null;
  if (!kase) throw new NotFoundError("Case", args.id);
  const stale = (current: number) =>
    new ConflictError(`Case ${args.id} was changed by someone else (version ${current}, expected ${args.expectedVersion}); reload and retry`, {
      currentVersion: current,
      expectedVersion: args.expectedVersion,
    });
  // The client decided on the status it read: a stale read is a conflict before anything else.
  if (kase.version !== args.expectedVersion) throw stale(kase.version);
  const action = args.action as CaseAction;
  const allowed = allowedActions(kase.status, kase.firstResponseAt);
  const to = allowed.includes(action) ? TRANSITIONS[kase.status][action] : undefined;
  if (!to) {
    throw new AppError(
      ErrorCode.BAD_USER_INPUT,
      TRANSITIONS[kase.status][action]
        ? `${action} is not allowed: ${action === "RESPOND" ? "the customer already had a first response (use PROGRESS)" : "no first response yet (use RESPOND)"}; allowed: ${allowed.join(", ")}`
        : `${action} is not allowed while the case is ${kase.status}; allowed: ${allowed.join(", ") || "none"}`,
      { field: "action", status: kase.status, allowed },
    );
  }
  const now = new Date();
  const patch = await applyAction(ctx, action, kase, args, v, now);
  v.done();
  patch.status = to;
  const by = ownerName(ctx.principal);
  const transition: StoredTransition = { from: kase.status, to, action, by, at: now.toISOString(), note: trimmed(args.note) ?? null };
  const updated = await ctx.db.transaction(async (tx) => {
    // Compare-and-set: a concurrent transition between our read and this update is a CONFLICT too.
    const row = await updateCaseIfVersion(tx, kase.id, args.expectedVersion, patch, transition);
    if (!row) {
      const current = await selectCaseVersion(tx, kase.id);
      if (current === undefined) throw new NotFoundError("Case", args.id);
      throw stale(current);
    }
    const changes = diffForAudit("Case", kase, patch);
    await ctx.audit.write(tx, {
      action: "UPDATE",
      customerIds: [kase.customerId],
      fields: [...changes.map((c) => `Case.${c.field}`), "Case.history"],
      changes,
    });
    await emitEvent(tx, { type: "CASE_STATUS_CHANGED", customerId: kase.customerId, data: { caseId: kase.id, from: kase.status, to, action, version: row.version } });
    if (args.satisfaction != null) {
      await recordFollowUp(ctx, tx, row, args.satisfaction, by, now);
      // The follow-up score is the customer's latest CSAT, which churn risk reads.
      await refreshInsightFor(tx, [kase.customerId]);
    }
    return row;
  });
  return present(ctx, [{ ...updated, erasedAt: kase.erasedAt, processingRestricted: kase.processingRestricted }])[0]!;
}

/**
 * Step 5 of the closed loop: the follow-up call is a CARE contact in the customer's history and
 * its score a CSAT answer linked to the case, so satisfaction metrics and churn signals see it.
 */
async function recordFollowUp(ctx: Context, tx: Tx, kase: CaseRow, score: number, by: string, at: Date) {
  const call = await insertInteraction(tx, {
    customerId: kase.customerId,
    occurredAt: at,
    channel: "HOTLINE",
    type: "CARE",
    summary: `Follow-up call on case: satisfaction ${score}/5`,
    agent: by,
    outcome: followUpOutcome(score),
    caseId: kase.id,
  });
  const answer = {
    customerId: kase.customerId,
    kind: "CSAT" as const,
    score,
    aspect: kase.kind === "FAULT" ? ("NETWORK" as const) : ("SERVICE" as const),
    channel: "HOTLINE" as const,
    interactionId: call.id,
    caseId: kase.id,
    submittedAt: at,
  };
  await insertFeedback(tx, answer);
  await ctx.audit.write(tx, {
    action: "CREATE",
    customerIds: [kase.customerId],
    fields: ["Interaction.type", "Interaction.summary", "Interaction.outcome", "Feedback.score", "Feedback.kind"],
    changes: diffForAudit("Feedback", undefined, { kind: answer.kind, score, aspect: answer.aspect, caseId: kase.id }),
  });
}
