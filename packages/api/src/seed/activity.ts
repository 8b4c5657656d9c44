/**
 * A customer's contact history: interactions across channels, the complaint/fault cases they
 * open (closed loop: intake → assign → resolve within the SLA → follow-up call → close, with
 * a few reopened, late or still overdue), and the NPS/CSAT feedback that follows.
 */
import type { Billing } from "./billing.js";
import { dueAt as caseDueAt, DISSATISFIED_UP_TO, followUpOutcome, HANDLING_HOURS, OPEN_ACTION, RESPONSE_HOURS, responseDueAt, SATISFIED_FROM } from "../modules/case/case.rules.js";
import type { ConsentLedger, ContactChannel } from "./consents.js";
import { agentHandle } from "./names.js";
import type { Profile } from "./profile.js";
import { WeightedTable, type Random } from "./random.js";
import type { CaseInsert, FeedbackInsert, InteractionInsert } from "./rows.js";
import { CASE_NOTES, caseStory, comment, interactionSummary, type CaseStory, type InteractionType, type Language, type TextContext } from "./texts.js";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "./time.js";
import type { CaseTransition } from "../modules/case/case.table.js";

type Channel = InteractionInsert["channel"];
type CaseKind = CaseInsert["kind"];
type CaseStatus = NonNullable<CaseInsert["status"]>;
type Priority = NonNullable<CaseInsert["priority"]>;


/** How far back contact history goes (interaction free text is kept a few years at most). */
const HISTORY_DAYS = 730;

const HUMAN_CHANNELS = new Set<Channel>(["HALL", "HOTLINE", "VISIT", "ONSITE"]);
const OPENING_HOURS_CHANNELS = new Set<Channel>(["HALL", "VISIT", "ONSITE"]);

const CHANNELS_FOR_TYPE: Record<InteractionType, Channel[]> = {
  CONSULTATION: ["HALL", "HOTLINE", "APP", "WECHAT", "WEB", "EMAIL"],
  COMPLAINT: ["HOTLINE", "HALL", "APP", "WECHAT", "WEB", "EMAIL", "VISIT"],
  FAULT_REPORT: ["HOTLINE", "APP", "WECHAT", "HALL", "ONSITE"],
  TRANSACTION: ["HALL", "APP", "WEB", "WECHAT", "HOTLINE", "ONSITE"],
  CARE: ["HOTLINE", "SMS", "VISIT", "APP", "WECHAT"],
  MARKETING: ["SMS", "HOTLINE", "EMAIL", "APP", "WECHAT"],
  SURVEY: ["SMS", "HOTLINE", "APP", "WECHAT"],
  COMPLIMENT: ["HOTLINE", "APP", "WECHAT", "HALL"],
};

/** The interaction channel a marketing contact takes when sent on a consented contact channel. */
const MARKETING_CHANNEL: Record<ContactChannel, Channel> = {
  SMS: "SMS",
  EMAIL: "EMAIL",
  PHONE: "HOTLINE",
  APP_PUSH: "APP",
  WECHAT: "WECHAT",
  POST: "SMS",
};

const OUTCOMES: Record<InteractionType, WeightedTable<string>> = {
  CONSULTATION: new WeightedTable([["INFO_PROVIDED", 80], ["TRANSFERRED", 10], ["CALLBACK_SCHEDULED", 10]]),
  COMPLAINT: new WeightedTable([["RESOLVED_FIRST_CONTACT", 1]]),
  FAULT_REPORT: new WeightedTable([["RESOLVED_FIRST_CONTACT", 1]]),
  TRANSACTION: new WeightedTable([["COMPLETED", 90], ["FAILED", 4], ["PENDING", 6]]),
  CARE: new WeightedTable([["DELIVERED", 60], ["ACKNOWLEDGED", 25], ["NO_ANSWER", 15]]),
  MARKETING: new WeightedTable([["DELIVERED", 60], ["ACCEPTED", 8], ["DECLINED", 20], ["NO_RESPONSE", 12]]),
  SURVEY: new WeightedTable([["COMPLETED", 60], ["NO_RESPONSE", 40]]),
  COMPLIMENT: new WeightedTable([["LOGGED", 1]]),
};

// Network faults first (DOMAIN.md: classify and prioritise, network quality and faults first).
const PRIORITY_BY_KIND: Record<CaseKind, WeightedTable<Priority>> = {
  FAULT: new WeightedTable<Priority>([["URGENT", 30], ["HIGH", 60], ["MEDIUM", 10]]),
  COMPLAINT: new WeightedTable<Priority>([["HIGH", 35], ["MEDIUM", 55], ["LOW", 10]]),
  CONSULTATION: new WeightedTable<Priority>([["MEDIUM", 50], ["LOW", 50]]),
  REQUEST: new WeightedTable<Priority>([["MEDIUM", 50], ["LOW", 50]]),
};

export interface ActivityContext {
  nowMs: number;
  /** Mean interactions per customer (before case follow-ups). */
  interactionsPerCustomer: number;
  /** Prefix of `external_id`, unique per seed so seeds can be appended to one database. */
  externalIdPrefix: string;
}

export interface Activity {
  interactions: InteractionInsert[];
  cases: CaseInsert[];
  feedback: FeedbackInsert[];
}

export function generateActivity(random: Random, profile: Profile, billing: Billing, consents: ConsentLedger, ctx: ActivityContext): Activity {
  const out: Activity = { interactions: [], cases: [], feedback: [] };
  const { nowMs } = ctx;
  const fromMs = Math.max(profile.createdAtMs, nowMs - HISTORY_DAYS * DAY_MS);
  const span = nowMs - fromMs;
  if (span <= HOUR_MS) return out;

  const kindFactor = profile.scenario === "PROSPECT" ? 0.2 : profile.kind === "INDIVIDUAL" ? 0.9 : profile.kind === "FAMILY" ? 1.2 : 2;
  // Long-tailed: most customers contact the operator now and then, a few very often.
  const count = Math.round(ctx.interactionsPerCustomer * kindFactor * random.logNormal(0.72, 0.7));

  const channelPreference = preferences(profile);
  const typeTable = typeWeights(profile, consents);
  const channelTables = new Map<InteractionType, WeightedTable<Channel>>();
  const channelFor = (type: InteractionType) => {
    let table = channelTables.get(type);
    if (!table) {
      table = new WeightedTable(CHANNELS_FOR_TYPE[type].map((c) => [c, channelPreference[c]] as const));
      channelTables.set(type, table);
    }
    return table.pick(random);
  };
  const text: TextContext = {
    plan: billing.planNames[0] ?? "5G Smart 88",
    amount: profile.arpuTarget,
    specialCare: (profile.customer.specialCare?.length ?? 0) > 0,
    hasBroadband: billing.hasBroadband,
  };
  const english = profile.international;
  // Texts in the customer's language (texts.ts explains): international customers are served in English.
  const language: Language = english ? "en" : "zh";
  let seq = 0;

  const push = (row: Omit<InteractionInsert, "id" | "customerId" | "externalId" | "createdAt">): InteractionInsert => {
    const interaction: InteractionInsert = {
      id: random.uuid(),
      customerId: profile.id,
      ...row,
      // Zero-padded so the unique index on external_id is also filled in ascending order.
      externalId: `${ctx.externalIdPrefix}-${String(profile.index).padStart(7, "0")}-${seq++}`,
      // Recorded a few seconds after it happened (ingestion lag).
      createdAt: new Date(row.occurredAt.getTime() + random.int(1, 90) * 1000),
    };
    out.interactions.push(interaction);
    return interaction;
  };

  for (let k = 0; k < count; k++) {
    let type = typeTable.pick(random);
    let occurredMs = fromMs + Math.floor(random.float() * span);
    let channel: Channel;
    if (type === "MARKETING") {
      // Marketing only goes out on a channel the customer consented to, while the consent held.
      const window = consents.marketingWindows.length ? random.pick(consents.marketingWindows) : null;
      if (window && window.toMs > Math.max(window.fromMs, fromMs)) {
        const lo = Math.max(window.fromMs, fromMs);
        occurredMs = lo + Math.floor(random.float() * (window.toMs - lo));
        channel = MARKETING_CHANNEL[window.channel];
      } else {
        type = "CARE";
        channel = channelFor(type);
      }
    } else {
      channel = channelFor(type);
    }
    // Halls, visits and engineers keep opening hours: 08:00–21:00 Beijing time (00:00–13:00 UTC).
    if (OPENING_HOURS_CHANNELS.has(channel)) occurredMs = occurredMs - (occurredMs % DAY_MS) + Math.floor(random.float() * 13 * HOUR_MS);
    occurredMs -= occurredMs % 1000;
    occurredMs = Math.min(nowMs - HOUR_MS, Math.max(fromMs, occurredMs));
    const agent = HUMAN_CHANNELS.has(channel) ? (channel === "VISIT" && profile.customer.accountManager ? profile.customer.accountManager : agentHandle(random)) : null;

    const caseKind = caseKindFor(random, type);
    const story = caseKind ? caseStory(random, caseKind, text, language) : null;
    const interaction = push({
      occurredAt: new Date(occurredMs),
      channel,
      type,
      summary: story ? story.intake(text) : interactionSummary(random, type, text, language),
      agent,
      outcome: caseKind ? "CASE_OPENED" : OUTCOMES[type].pick(random),
      caseId: null,
    });

    if (caseKind && story) {
      const kase = openCase(random, profile, caseKind, story, interaction, nowMs, language);
      interaction.caseId = kase.row.id;
      out.cases.push(kase.row);
      // Step 5 of the closed loop: each follow-up call (the one that reopened the case too) is a
      // CARE contact with its CSAT answer.
      for (const call of kase.followUps) {
        const followUp = push({
          occurredAt: new Date(call.ms),
          channel: "HOTLINE",
          type: "CARE",
          summary: CASE_NOTES.followUpCall(language, kase.row.subject, call.score),
          agent: kase.row.owner,
          outcome: followUpOutcome(call.score),
          caseId: kase.row.id,
        });
        out.feedback.push({
          id: random.uuid(),
          customerId: profile.id,
          kind: "CSAT",
          score: call.score,
          aspect: caseKind === "FAULT" ? "NETWORK" : "SERVICE",
          comment: random.chance(0.3) ? comment(random, (call.score - 1) / 4, english) : null,
          answers: null,
          channel: "HOTLINE",
          interactionId: followUp.id,
          caseId: kase.row.id,
          submittedAt: followUp.occurredAt,
        });
      }
      continue;
    }

    if (type === "SURVEY" && interaction.outcome === "COMPLETED") {
      out.feedback.push(surveyFeedback(random, profile, interaction, english));
    } else if ((channel === "HALL" || channel === "HOTLINE") && (type === "CONSULTATION" || type === "TRANSACTION") && random.chance(0.1)) {
      // Post-contact CSAT by SMS ("rate your visit today, 1–5").
      const score = csat(random, profile.sentiment);
      out.feedback.push({
        id: random.uuid(),
        customerId: profile.id,
        kind: "CSAT",
        score,
        aspect: "SERVICE",
        comment: random.chance(0.2) ? comment(random, (score - 1) / 4, english) : null,
        answers: null,
        channel: "SMS",
        interactionId: interaction.id,
        caseId: null,
        submittedAt: new Date(occurredMs + random.int(5, 180) * MINUTE_MS),
      });
    }
  }
  // A survey answered minutes after it was sent may land after the reference date: keep history in the past.
  for (const f of out.feedback) if (f.submittedAt && f.submittedAt.getTime() > nowMs) f.submittedAt = new Date(nowMs - MINUTE_MS);
  return out;
}

function preferences(profile: Profile): Record<Channel, number> {
  const d = profile.digital;
  const organisation = profile.kind === "ENTERPRISE" || profile.kind === "GOVERNMENT";
  const cared = (profile.customer.specialCare?.length ?? 0) > 0;
  return {
    HALL: (1 - d) * 30 + 3,
    HOTLINE: (1 - d) * 25 + 10,
    APP: profile.hasApp ? d * 35 + 1 : 0.5,
    WECHAT: profile.hasWechat ? d * 20 + 2 : 0.5,
    WEB: d * 10 + 2,
    SMS: 8,
    EMAIL: profile.customer.email ? (organisation ? 20 : 3) : 0.1,
    VISIT: organisation ? 25 : cared ? 6 : 0.3,
    ONSITE: 3,
  };
}

function typeWeights(profile: Profile, consents: ConsentLedger): WeightedTable<InteractionType> {
  const unhappy = Math.max(0.2, 1 + 2.5 * (0.6 - profile.sentiment));
  const cared = (profile.customer.specialCare?.length ?? 0) > 0;
  return new WeightedTable<InteractionType>([
    ["CONSULTATION", 28],
    ["TRANSACTION", profile.scenario === "PROSPECT" ? 2 : 20],
    ["MARKETING", consents.marketingWindows.length ? 14 : 0],
    ["CARE", cared ? 18 : 9],
    ["SURVEY", profile.scenario === "PROSPECT" ? 0 : 6],
    ["FAULT_REPORT", profile.scenario === "PROSPECT" ? 0 : 3.5 * (profile.scenario === "DECLINING" ? 1.5 : 1)],
    ["COMPLAINT", profile.scenario === "PROSPECT" ? 0 : 2.5 * unhappy],
    ["COMPLIMENT", 4 * profile.sentiment],
  ]);
}

function caseKindFor(random: Random, type: InteractionType): CaseKind | null {
  switch (type) {
    case "COMPLAINT":
      return random.chance(0.9) ? "COMPLAINT" : null;
    case "FAULT_REPORT":
      return random.chance(0.8) ? "FAULT" : null;
    case "CONSULTATION":
      return random.chance(0.04) ? "CONSULTATION" : null;
    case "TRANSACTION":
      return random.chance(0.04) ? "REQUEST" : null;
    default:
      return null;
  }
}

interface OpenedCase {
  row: CaseInsert;
  /** The follow-up calls made so far, with the customer's score. */
  followUps: { ms: number; score: number }[];
}

/**
 * Plays a case through its lifecycle up to the reference date. Most cases are resolved within
 * the SLA and closed after a follow-up call; some are resolved late, some reopened by an
 * unhappy customer, and recent ones may still be open — overdue once `due_at` has passed.
 */
function openCase(random: Random, profile: Profile, kind: CaseKind, story: CaseStory, intake: InteractionInsert, nowMs: number, language: Language): OpenedCase {
  const openedMs = intake.occurredAt.getTime();
  // The first response comes well within the response time; requests and consultations are then
  // due by the ETA given (due times come from the case module's rules, as openCase sets them).
  const respondedMs = openedMs + Math.floor(RESPONSE_HOURS[kind] * HOUR_MS * random.real(0.02, 0.4));
  const etaMs = HANDLING_HOURS[kind] === null && respondedMs < nowMs ? respondedMs + Math.floor(random.real(12, 96) * HOUR_MS) : null;
  const dueMs = caseDueAt(kind, new Date(openedMs), etaMs === null ? null : new Date(etaMs)).getTime();
  const slaMs = dueMs - openedMs;
  const category = story.category;
  let priority = PRIORITY_BY_KIND[kind].pick(random);
  // Key accounts get faster handling.
  if ((profile.kind === "ENTERPRISE" || profile.kind === "GOVERNMENT") && priority !== "URGENT") priority = priority === "HIGH" ? "URGENT" : "HIGH";
  // The first person contacted owns the case; digital intake is picked up by a back-office agent.
  const owner = intake.agent ?? agentHandle(random);
  const history: CaseTransition[] = [];
  const followUps: { ms: number; score: number }[] = [];
  const step = (from: CaseStatus | null, to: CaseStatus, action: string, ms: number, note: string | null = null) => {
    history.push({ from, to, action, by: owner, at: new Date(ms).toISOString(), note });
  };

  const row: CaseInsert = {
    id: random.uuid(),
    version: 1,
    customerId: profile.id,
    kind,
    category,
    priority,
    status: "OPEN",
    subject: story.subject,
    owner,
    openedAt: new Date(openedMs),
    responseDueAt: responseDueAt(kind, new Date(openedMs)),
    dueAt: new Date(dueMs),
    resolvedAt: null,
    closedAt: null,
    rootCause: null,
    resolution: null,
    satisfaction: null,
    history,
  };
  step(null, "OPEN", OPEN_ACTION, openedMs, CASE_NOTES.opened(language, intake.channel, intake.type));

  const ageMs = nowMs - openedMs;
  // Stuck cases: still open past their due time (the overdue list a supervisor chases). Only
  // recent ones: a service desk does not leave cases open for months, so the open queue is the
  // last days' intake, most of it within its SLA.
  const stuck = ageMs < 3 * DAY_MS && random.chance(0.06);
  const onTime = random.chance(kind === "FAULT" ? 0.9 : kind === "COMPLAINT" ? 0.93 : 0.96);
  const durationMs = Math.max(5 * MINUTE_MS, Math.floor(slaMs * (onTime ? random.real(0.1, 0.95) : random.real(1.05, 4))));
  let resolvedMs = stuck ? Infinity : openedMs + durationMs;

  // Steps fall at fixed shares of the handling time, so today's intake is partly still unassigned
  // or assigned but not started: the queue a desk sees in the morning.
  const assignedMs = openedMs + Math.floor(durationMs * random.real(0.05, 0.15));
  const startedMs = openedMs + Math.floor(durationMs * random.real(0.2, 0.35));
  if (assignedMs < nowMs) {
    step("OPEN", "ASSIGNED", "ASSIGN", assignedMs);
    row.status = "ASSIGNED";
    // The owner keeps the case (首问负责制); half the time the work goes to a colleague.
    row.assignee = random.chance(0.5) ? agentHandle(random) : null;
  }
  if (startedMs < nowMs && random.chance(stuck ? 0.6 : 1)) {
    step("ASSIGNED", "IN_PROGRESS", "START", startedMs);
    row.status = "IN_PROGRESS";
  }
  const contact = (ms: number) => {
    if (ms >= nowMs) return;
    row.firstResponseAt ??= new Date(ms);
    row.lastContactAt = new Date(Math.max(ms, row.lastContactAt?.getTime() ?? 0));
  };
  contact(Math.min(respondedMs, resolvedMs));
  if (etaMs !== null) row.eta = new Date(etaMs);
  if (resolvedMs >= nowMs) return { row, followUps };

  const resolve = (ms: number) => {
    row.rootCause = random.pick(story.rootCauses);
    row.resolution = random.pick(story.resolutions);
    row.resolvedAt = new Date(ms);
    row.status = "RESOLVED";
    contact(ms);
    step("IN_PROGRESS", "RESOLVED", "RESOLVE", ms, row.resolution);
  };
  resolve(resolvedMs);

  // Follow-up call a few hours later; an unhappy customer may have the case reopened.
  // Most customers are satisfied when the fault is fixed (operators report 87–93 of 100).
  let satisfaction = csat(random, profile.sentiment + 0.3 - (onTime ? 0 : 0.25));
  let followUpMs = resolvedMs + Math.floor(random.real(2, 72) * HOUR_MS);
  if (followUpMs >= nowMs) return { row, followUps };
  // A case closes only with a satisfied customer (4–5): a neutral or dissatisfied answer reopens
  // it, a dissatisfied one sometimes escalates it.
  if (satisfaction < SATISFIED_FROM) {
    followUps.push({ ms: followUpMs - (followUpMs % 1000), score: satisfaction });
    const escalate = satisfaction <= DISSATISFIED_UP_TO && random.chance(0.3);
    step("RESOLVED", "REOPENED", escalate ? "ESCALATE" : "REOPEN", followUpMs, CASE_NOTES.notSatisfied(language));
    if (escalate) {
      row.escalationLevel = 1;
      row.escalatedAt = new Date(followUpMs);
    }
    row.status = "REOPENED";
    row.resolvedAt = null;
    const restartMs = followUpMs + Math.floor(random.real(0.5, 4) * HOUR_MS);
    if (restartMs >= nowMs) return { row, followUps };
    step("REOPENED", "IN_PROGRESS", "START", restartMs);
    row.status = "IN_PROGRESS";
    resolvedMs = restartMs + Math.floor(slaMs * random.real(0.3, 1.5));
    if (resolvedMs >= nowMs) return { row, followUps };
    resolve(resolvedMs);
    satisfaction = Math.max(SATISFIED_FROM, Math.min(5, satisfaction + random.int(1, 2)));
    followUpMs = resolvedMs + Math.floor(random.real(2, 72) * HOUR_MS);
    if (followUpMs >= nowMs) return { row, followUps };
  }
  followUpMs -= followUpMs % 1000;
  row.satisfaction = satisfaction;
  followUps.push({ ms: followUpMs, score: satisfaction });
  row.closedAt = new Date(followUpMs);
  row.status = "CLOSED";
  step("RESOLVED", "CLOSED", "CLOSE", followUpMs, CASE_NOTES.followUpClosed(language, satisfaction));
  return { row, followUps };
}

function csat(random: Random, sentiment: number): number {
  return Math.min(5, Math.max(1, Math.round(random.normal(1.5 + 4 * sentiment, 0.8))));
}

function surveyFeedback(random: Random, profile: Profile, survey: InteractionInsert, english: boolean): FeedbackInsert {
  const submittedAt = new Date(survey.occurredAt.getTime() + random.int(2, 600) * MINUTE_MS);
  const base = { id: random.uuid(), customerId: profile.id, channel: survey.channel, interactionId: survey.id, caseId: null, submittedAt };
  if (random.chance(0.6)) {
    const score = Math.min(10, Math.max(0, Math.round(random.normal(2.4 + 9 * profile.sentiment, 1.6))));
    return { ...base, kind: "NPS", score, aspect: "OVERALL", comment: random.chance(0.35) ? comment(random, score / 10, english) : null, answers: null };
  }
  // Quarterly survey with a score per aspect (network, service, product, price) and overall.
  const answer = (bias: number) => csat(random, profile.sentiment + bias);
  const answers = { network: answer(0), service: answer(0.05), product: answer(0), price: answer(-0.12), overall: answer(0) };
  return {
    ...base,
    kind: "SURVEY",
    score: answers.overall,
    aspect: "OVERALL",
    comment: random.chance(0.25) ? comment(random, (answers.overall - 1) / 4, english) : null,
    answers,
  };
}
