/**
 * Free text: interaction summaries (written by agents, in English), case stories and survey
 * comments in the customer's own language. Texts mention plans and amounts so that search and
 * the erasure scrubber have something real to chew on.
 *
 * A case is told as one story — the intake summary, the case subject, its root cause and
 * resolution belong together — so an agent reading the case and the interaction that opened
 * it sees the same problem. Stories about broadband or IPTV only happen to customers who
 * have broadband.
 */
import type { Random } from "./random.js";
import { WeightedTable } from "./random.js";

export type InteractionType = "CONSULTATION" | "COMPLAINT" | "FAULT_REPORT" | "TRANSACTION" | "CARE" | "MARKETING" | "SURVEY" | "COMPLIMENT";
export type CaseCategory = "NETWORK_QUALITY" | "BILLING" | "SERVICE_ATTITUDE" | "PROCESS" | "PRODUCT_PRICE" | "OTHER";
export type CaseKind = "COMPLAINT" | "FAULT" | "REQUEST" | "CONSULTATION";

export interface TextContext {
  plan: string;
  amount: number;
  specialCare: boolean;
  hasBroadband: boolean;
}

type Template = (c: TextContext) => string;

const yuan = (x: number) => `¥${x.toFixed(2)}`;

/** Summaries of interactions that do not open a case. */
const SUMMARIES: Record<InteractionType, Template[]> = {
  CONSULTATION: [
    (c) => `Asked how much of the ${c.plan} data allowance is left this month; explained the usage page in the app.`,
    () => `Asked about international roaming rates for a trip to Japan; sent the roaming day-pass information by SMS.`,
    (c) => `Asked whether ${c.plan} can be shared with a family member; explained family add-on lines.`,
    (c) => `Asked why this month's bill is ${yuan(c.amount)}; walked through the itemised bill.`,
    () => `Asked about 5G coverage at home; checked the coverage map for the address.`,
    () => `Asked how to set up e-invoices for monthly bills.`,
    () => `Asked about home broadband speeds and the installation lead time.`,
  ],
  COMPLAINT: [
    () => `Complained about waiting time on the hotline; apologised and explained peak hours.`,
    (c) => `Complained that ${c.plan} felt expensive; explained current offers, customer satisfied.`,
    () => `Complained about a marketing SMS; confirmed the opt-out preferences with the customer.`,
  ],
  FAULT_REPORT: [
    () => `Reported no signal after a phone restart; guided through network reset, service back.`,
    () => `Reported slow mobile data; APN settings corrected during the call.`,
  ],
  TRANSACTION: [
    (c) => `Changed plan to ${c.plan}; effective from the first day of next month.`,
    (c) => `Topped up ${yuan(c.amount)} by WeChat Pay.`,
    () => `Replaced a damaged SIM card after real-name verification.`,
    () => `Added a family add-on line and ported in an existing number.`,
    () => `Booked installation of home broadband; engineer visit scheduled.`,
    () => `Updated the billing address and switched to e-invoices.`,
    () => `Subscribed to a 10 GB data booster for the month.`,
  ],
  CARE: [
    () => `Birthday greeting and reminder of member-day benefits.`,
    () => `Contract renewal reminder: renewal options and loyalty offers explained.`,
    (c) => `Courtesy call to check satisfaction with ${c.plan}.`,
    () => `Low-allowance reminder: 90 % of the monthly data allowance used.`,
    (c) => (c.specialCare ? `Special-care home visit: helped set up large-font mode and emergency contacts.` : `Holiday greeting and points balance update.`),
    () => `Fraud-awareness notice: we never ask for passwords or verification codes.`,
  ],
  MARKETING: [
    (c) => `Offered an upgrade from ${c.plan} to a 5G plan with double data for 6 months.`,
    () => `Offered home broadband bundled with IPTV at a discounted first-year price.`,
    () => `Promoted the family plan: add up to 3 lines at ¥10 each.`,
    () => `Offered a loyalty reward: 2,000 points for renewing the contract.`,
  ],
  SURVEY: [
    () => `Quarterly satisfaction survey (NPS) sent after the billing cycle.`,
    () => `Service survey after a recent contact.`,
    () => `Network quality survey for the customer's area.`,
  ],
  COMPLIMENT: [
    () => `Thanked the hall agent for patiently helping set up the new phone.`,
    () => `Praised the engineer who fixed the problem the same day.`,
    () => `Logged as a complaint, but the customer called to praise the fast resolution.`,
  ],
};

// Texts about fixed-line services, kept away from customers without broadband.
const FIXED_LINE = /broadband|modem|IPTV|fibre/i;

export function interactionSummary(random: Random, type: InteractionType, context: TextContext): string {
  const templates = SUMMARIES[type];
  // Bounded re-draws keep the stream's consumption deterministic.
  for (let attempt = 0; attempt < 4; attempt++) {
    const text = random.pick(templates)(context);
    if (context.hasBroadband || type === "MARKETING" || type === "TRANSACTION" || type === "CONSULTATION" || !FIXED_LINE.test(text)) return text;
  }
  return templates[0](context);
}

export interface CaseStory {
  category: CaseCategory;
  subject: string;
  /** Summary of the interaction that opened the case. */
  intake: Template;
  rootCauses: string[];
  resolutions: string[];
  weight: number;
  /** Only for customers with home broadband. */
  broadband?: boolean;
}

const story = (category: CaseCategory, weight: number, subject: string, intake: Template, rootCauses: string[], resolutions: string[], broadband = false): CaseStory => ({
  category,
  subject,
  intake,
  rootCauses,
  resolutions,
  weight,
  broadband,
});

/** What cases of each kind are about, with relative frequencies (network faults dominate faults). */
const STORIES: Record<CaseKind, CaseStory[]> = {
  FAULT: [
    story("NETWORK_QUALITY", 25, "No mobile data", () => `Reported no mobile data since this morning; network check shows the nearby cell site degraded.`, ["Base station hardware fault", "Transmission link failure to the base station"], ["Base station repaired; service restored and confirmed with the customer.", "Traffic rerouted; data service restored."]),
    story("NETWORK_QUALITY", 20, "Calls dropping indoors", () => `Reported calls dropping inside the building every evening for two weeks.`, ["Indoor coverage gap", "Cell congestion at peak hours"], ["Added an indoor small cell; signal verified.", "Cell capacity expanded; call test passed."]),
    story("NETWORK_QUALITY", 20, "Broadband offline", () => `Reported home broadband offline, optical modem LOS light red.`, ["Fibre cut by road works", "Faulty optical modem"], ["Fibre spliced; service restored.", "Engineer replaced the optical modem."], true),
    story("NETWORK_QUALITY", 10, "IPTV freezing", () => `Reported IPTV freezing during playback on all channels.`, ["Set-top box firmware fault", "Multicast misconfiguration at the access node"], ["Set-top box firmware updated remotely.", "Access node reconfigured; playback smooth."], true),
    story("OTHER", 15, "SIM not recognised", () => `Reported SIM not recognised after a phone upgrade.`, ["Device issue on customer side", "Worn SIM card"], ["SIM replaced at the hall after real-name check.", "Phone settings reset; SIM works."]),
  ],
  COMPLAINT: [
    story("BILLING", 18, "Unrecognised value-added charge", (c) => `Complained about a charge of ${yuan(c.amount * 0.2)} for a value-added service the customer says was never ordered.`, ["Value-added service subscribed through a third-party SP without confirmation"], ["Charge refunded and the value-added service cancelled."]),
    story("BILLING", 8, "Roaming charged at the wrong rate", () => `Complained that roaming in Japan was charged at the standard rate instead of the day pass.`, ["Roaming tariff table out of date"], ["Bill corrected and the difference credited."]),
    story("BILLING", 6, "Promotion not applied", (c) => `Complained that the promised discount on ${c.plan} is missing from the bill.`, ["Promotion code not loaded into billing"], ["Promotion applied retroactively."]),
    story("NETWORK_QUALITY", 15, "Poor signal at home", () => `Complained that mobile signal at home has been poor for a month despite earlier reports.`, ["Indoor coverage gap", "Neighbouring site decommissioned"], ["Added an indoor small cell; signal verified.", "Antenna tilt adjusted; coverage confirmed."]),
    story("NETWORK_QUALITY", 8, "Slow broadband in the evening", () => `Complained that broadband speed is far below the contracted 1000M every evening.`, ["Congested access node"], ["Access node capacity upgraded; speed test within contract."], true),
    story("SERVICE_ATTITUDE", 9, "Impatient hall staff", () => `Complained that the hall staff were impatient and the queue took over an hour.`, ["Agent did not follow the service script", "Staff shortage at peak hours"], ["Apologised; agent coached; 500 loyalty points credited."]),
    story("SERVICE_ATTITUDE", 5, "Promised call-back never came", () => `Complained that a promised call-back from the hotline never came.`, ["Call-back task not assigned"], ["Supervisor called back and apologised."]),
    story("PROCESS", 9, "Cancelling a service needs a hall visit", () => `Complained that cancelling a value-added service requires a visit to the hall.`, ["Cancellation only possible in halls"], ["Cancelled remotely after identity verification by video."]),
    story("PROCESS", 6, "Number porting stuck", () => `Complained that porting a number in has been pending for a week.`, ["Porting authorisation code expired"], ["Porting re-submitted and completed."]),
    story("PRODUCT_PRICE", 10, "Promotional price ended without notice", (c) => `Complained that the promotional price of ${c.plan} ended without notice.`, ["Promotion end not communicated"], ["Offered a retention discount for 12 months.", "Explained the terms; one month credited as goodwill."]),
    story("OTHER", 4, "Repeated marketing calls", () => `Complained about repeated marketing calls after opting out.`, ["Opt-out not synchronised to the outbound dialler"], ["Opt-out enforced in all channels; apology sent."]),
  ],
  REQUEST: [
    story("OTHER", 30, "Itemised bills for reimbursement", () => `Requested itemised bills for the last six months for expense reimbursement.`, ["Customer request"], ["Itemised bills sent by e-mail."]),
    story("PROCESS", 30, "Change of account holder", () => `Requested transfer of the account to a family member.`, ["Customer request"], ["Account holder changed after both parties' real-name checks."]),
    story("BILLING", 20, "Refund of overpaid balance", (c) => `Requested a refund of ${yuan(c.amount)} paid twice by mistake.`, ["Duplicate payment by the customer"], ["Refund issued to the original payment method."]),
    story("PROCESS", 20, "Relocation of broadband", () => `Requested relocation of home broadband to a new address.`, ["Customer request"], ["Broadband moved; engineer installed at the new address."], true),
  ],
  CONSULTATION: [
    story("PRODUCT_PRICE", 40, "Plan terms clarification", (c) => `Asked for the full terms of ${c.plan}, including what happens after the contract ends.`, ["Customer request"], ["Terms explained in writing; customer confirmed understanding."]),
    story("BILLING", 35, "Roaming charges question", () => `Asked how roaming is billed on an upcoming trip to Europe.`, ["Customer request"], ["Roaming rates sent; day pass recommended."]),
    story("PROCESS", 25, "How to port out", () => `Asked what is needed to port the number to another operator.`, ["Customer request"], ["Explained the porting steps; retention offer made."]),
  ],
};

const STORY_TABLES = Object.fromEntries(
  Object.entries(STORIES).map(([kind, stories]) => [
    kind,
    {
      all: new WeightedTable(stories.map((s) => [s, s.weight] as const)),
      mobileOnly: new WeightedTable(stories.filter((s) => !s.broadband).map((s) => [s, s.weight] as const)),
    },
  ]),
) as Record<CaseKind, { all: WeightedTable<CaseStory>; mobileOnly: WeightedTable<CaseStory> }>;

export function caseStory(random: Random, kind: CaseKind, context: TextContext): CaseStory {
  const tables = STORY_TABLES[kind];
  return (context.hasBroadband ? tables.all : tables.mobileOnly).pick(random);
}

const COMMENTS_ZH = {
  positive: ["信号很好，客服态度也不错。", "宽带安装很快，师傅很专业。", "套餐划算，会推荐给朋友。", "营业厅服务热情，办理很顺利。", "APP很好用，查话费很方便。"],
  neutral: ["整体还可以，就是高峰期网速慢一点。", "价格一般，希望有更多优惠。", "客服电话有时候要等很久。"],
  negative: ["地下车库完全没有信号。", "乱扣费，投诉了好几次才退。", "套餐太贵了，准备换运营商。", "营业厅排队太久，工作人员态度差。", "营销短信太多了，已经退订还在发。"],
};
const COMMENTS_EN = {
  positive: ["Great coverage and friendly support.", "Problem fixed the next day, very professional.", "Good value plan, I would recommend it.", "The app makes checking my bill easy."],
  neutral: ["Fine overall, but data is slow at peak hours.", "Price is average; more offers for long-time customers would be nice.", "Waiting time on the hotline is sometimes long."],
  negative: ["No signal in the underground car park.", "I was charged for services I never ordered.", "Too expensive, I am thinking of switching.", "Too many marketing messages even after opting out."],
};

/** A survey comment matching the score's polarity (fraction 0 = worst, 1 = best), in the customer's language. */
export function comment(random: Random, fraction: number, english: boolean): string {
  const pool = english ? COMMENTS_EN : COMMENTS_ZH;
  return random.pick(fraction >= 0.75 ? pool.positive : fraction >= 0.45 ? pool.neutral : pool.negative);
}
