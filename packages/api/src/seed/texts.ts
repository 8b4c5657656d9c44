/**
 * Free text: interaction summaries, case stories, case notes and survey comments. Texts mention
 * plans and amounts so that search and the erasure scrubber have something real to chew on.
 *
 * Language, decided: each text is in the language of the customer it is about (the profile's
 * `language`: zh-CN for mainland customers, en-US for the international ones). The demo operator is
 * Chinese (¥, WeChat Pay) and its agents write a Chinese customer's case in Chinese, so a steward in
 * the Chinese console reads it as written; an international customer is served and written up in
 * English. Root causes are the exception: they are the operator's own classification, ranked across
 * all customers ("which causes generate most complaints"), so they are in the operator's language
 * (Chinese) for everyone; one cause written two ways would split its count.
 * Both languages pick from lists of the same length in the same order, so the random stream and
 * everything else the seed draws stay the same whichever language a text comes out in.
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
/** One text in both languages (English first); the chosen language is decided by the customer. */
type Bilingual = readonly [en: Template, zh: Template];
export type Language = "en" | "zh";

/** The customer's language for seeded text: Chinese unless the profile says otherwise (header). */
export const languageOf = (profileLanguage: string | null | undefined): Language => (profileLanguage?.startsWith("en") ? "en" : "zh");

const yuan = (x: number) => `¥${x.toFixed(2)}`;
const t = (en: Template | string, zh: Template | string): Bilingual => [typeof en === "string" ? () => en : en, typeof zh === "string" ? () => zh : zh];

/** Summaries of interactions that do not open a case. */
const SUMMARIES: Record<InteractionType, Bilingual[]> = {
  CONSULTATION: [
    t((c) => `Asked how much of the ${c.plan} data allowance is left this month; explained the usage page in the app.`, (c) => `咨询本月 ${c.plan} 剩余流量；已讲解 APP 中的用量查询页面。`),
    t(`Asked about international roaming rates for a trip to Japan; sent the roaming day-pass information by SMS.`, `咨询赴日本出行的国际漫游资费；已短信发送漫游日包信息。`),
    t((c) => `Asked whether ${c.plan} can be shared with a family member; explained family add-on lines.`, (c) => `咨询 ${c.plan} 能否与家人共享；已介绍亲情副卡。`),
    t((c) => `Asked why this month's bill is ${yuan(c.amount)}; walked through the itemised bill.`, (c) => `咨询本月账单为何是 ${yuan(c.amount)}；已逐项讲解详单。`),
    t(`Asked about 5G coverage at home; checked the coverage map for the address.`, `咨询家中 5G 覆盖情况；已查询该地址的覆盖地图。`),
    t(`Asked how to set up e-invoices for monthly bills.`, `咨询如何开通月度账单电子发票。`),
    t(`Asked about home broadband speeds and the installation lead time.`, `咨询家庭宽带速率及装机周期。`),
  ],
  COMPLAINT: [
    t(`Complained about waiting time on the hotline; apologised and explained peak hours.`, `投诉热线等待时间过长；已致歉并说明高峰时段。`),
    t((c) => `Complained that ${c.plan} felt expensive; explained current offers, customer satisfied.`, (c) => `投诉 ${c.plan} 资费偏高；已介绍当前优惠，客户满意。`),
    t(`Complained about a marketing SMS; confirmed the opt-out preferences with the customer.`, `投诉收到营销短信；已与客户确认退订设置。`),
  ],
  FAULT_REPORT: [
    t(`Reported no signal after a phone restart; guided through network reset, service back.`, `申告手机重启后无信号；已指导重置网络设置，业务恢复。`),
    t(`Reported slow mobile data; APN settings corrected during the call.`, `申告手机上网慢；通话中已更正 APN 设置。`),
  ],
  TRANSACTION: [
    t((c) => `Changed plan to ${c.plan}; effective from the first day of next month.`, (c) => `套餐变更为 ${c.plan}；次月 1 日生效。`),
    t((c) => `Topped up ${yuan(c.amount)} by WeChat Pay.`, (c) => `通过微信支付充值 ${yuan(c.amount)}。`),
    t(`Replaced a damaged SIM card after real-name verification.`, `实名核验后补换损坏的 SIM 卡。`),
    t(`Added a family add-on line and ported in an existing number.`, `新增亲情副卡，并携号转入一个已有号码。`),
    t(`Booked installation of home broadband; engineer visit scheduled.`, `预约家庭宽带装机；已安排装维上门。`),
    t(`Updated the billing address and switched to e-invoices.`, `更新账单地址并改为电子发票。`),
    t(`Subscribed to a 10 GB data booster for the month.`, `订购当月 10 GB 流量加油包。`),
  ],
  CARE: [
    t(`Birthday greeting and reminder of member-day benefits.`, `生日祝福，并提醒会员日权益。`),
    t(`Contract renewal reminder: renewal options and loyalty offers explained.`, `合约到期提醒：已介绍续约方案和老客户优惠。`),
    t((c) => `Courtesy call to check satisfaction with ${c.plan}.`, (c) => `关怀回访，了解客户对 ${c.plan} 的满意度。`),
    t(`Low-allowance reminder: 90 % of the monthly data allowance used.`, `流量余量提醒：本月流量已用 90%。`),
    t(
      (c) => (c.specialCare ? `Special-care home visit: helped set up large-font mode and emergency contacts.` : `Holiday greeting and points balance update.`),
      (c) => (c.specialCare ? `特殊关怀上门服务：协助设置大字模式和紧急联系人。` : `节日问候，并告知积分余额。`),
    ),
    t(`Fraud-awareness notice: we never ask for passwords or verification codes.`, `防诈骗提醒：我们绝不会索要密码或验证码。`),
  ],
  MARKETING: [
    t((c) => `Offered an upgrade from ${c.plan} to a 5G plan with double data for 6 months.`, (c) => `推荐由 ${c.plan} 升级为 5G 套餐，前 6 个月流量翻倍。`),
    t(`Offered home broadband bundled with IPTV at a discounted first-year price.`, `推荐家庭宽带加 IPTV 融合套餐，首年优惠价。`),
    t(`Promoted the family plan: add up to 3 lines at ¥10 each.`, `推荐家庭套餐：最多可加 3 张副卡，每张 ¥10。`),
    t(`Offered a loyalty reward: 2,000 points for renewing the contract.`, `推荐忠诚回馈：续约赠送 2,000 积分。`),
  ],
  SURVEY: [
    t(`Quarterly satisfaction survey (NPS) sent after the billing cycle.`, `账期结束后发送季度满意度调查（NPS）。`),
    t(`Service survey after a recent contact.`, `近期接触后的服务满意度调查。`),
    t(`Network quality survey for the customer's area.`, `客户所在区域的网络质量调查。`),
  ],
  COMPLIMENT: [
    t(`Thanked the hall agent for patiently helping set up the new phone.`, `感谢营业厅工作人员耐心帮忙设置新手机。`),
    t(`Praised the engineer who fixed the problem the same day.`, `表扬当天就解决问题的装维师傅。`),
    t(`Logged as a complaint, but the customer called to praise the fast resolution.`, `原登记为投诉，客户来电表扬处理迅速。`),
  ],
};

// Texts about fixed-line services, kept away from customers without broadband (read on the English text).
const FIXED_LINE = /broadband|modem|IPTV|fibre/i;

export function interactionSummary(random: Random, type: InteractionType, context: TextContext, language: Language = "en"): string {
  const templates = SUMMARIES[type];
  const say = ([en, zh]: Bilingual) => (language === "zh" ? zh : en)(context);
  // Bounded re-draws keep the stream's consumption deterministic.
  for (let attempt = 0; attempt < 4; attempt++) {
    const pair = random.pick(templates);
    const text = pair[0](context);
    if (context.hasBroadband || type === "MARKETING" || type === "TRANSACTION" || type === "CONSULTATION" || !FIXED_LINE.test(text)) return say(pair);
  }
  return say(templates[0]!);
}

export interface CaseStory {
  category: CaseCategory;
  subject: string;
  /** Summary of the interaction that opened the case. */
  intake: Template;
  /** In the operator's language (Chinese), whoever the customer: see the header. */
  rootCauses: string[];
  resolutions: string[];
  weight: number;
  /** Only for customers with home broadband. */
  broadband?: boolean;
}

/** A story's texts in both languages, English first; the lists pair up item by item. */
interface StoryTexts {
  subject: readonly [string, string];
  intake: Bilingual;
  rootCauses: readonly string[];
  resolutions: readonly (readonly [string, string])[];
}

interface BilingualStory {
  category: CaseCategory;
  weight: number;
  broadband: boolean;
  texts: StoryTexts;
}

const story = (category: CaseCategory, weight: number, subject: [string, string], intake: Bilingual, rootCauses: string[], resolutions: [string, string][], broadband = false): BilingualStory => ({
  category,
  weight,
  broadband,
  texts: { subject, intake, rootCauses, resolutions },
});

const REQUESTED = "客户需求";

/** What cases of each kind are about, with relative frequencies (network faults dominate faults). */
const STORIES: Record<CaseKind, BilingualStory[]> = {
  FAULT: [
    story("NETWORK_QUALITY", 25, ["No mobile data", "手机无法上网"], t(`Reported no mobile data since this morning; network check shows the nearby cell site degraded.`, `申告今早起手机无法上网；网络检查显示附近基站性能下降。`), ["基站硬件故障", "基站传输链路中断"], [["Base station repaired; service restored and confirmed with the customer.", "基站已修复，业务恢复，已与客户确认。"], ["Traffic rerouted; data service restored.", "业务已迂回，数据业务恢复。"]]),
    story("NETWORK_QUALITY", 20, ["Calls dropping indoors", "室内通话掉线"], t(`Reported calls dropping inside the building every evening for two weeks.`, `申告近两周每晚在楼内通话掉线。`), ["室内覆盖盲区", "高峰时段小区拥塞"], [["Added an indoor small cell; signal verified.", "已加装室内微站，信号复测正常。"], ["Cell capacity expanded; call test passed.", "小区已扩容，拨测通过。"]]),
    story("NETWORK_QUALITY", 20, ["Broadband offline", "宽带断网"], t(`Reported home broadband offline, optical modem LOS light red.`, `申告家庭宽带断网，光猫 LOS 灯红灯。`), ["道路施工挖断光缆", "光猫故障"], [["Fibre spliced; service restored.", "光缆已熔接，业务恢复。"], ["Engineer replaced the optical modem.", "装维人员已更换光猫。"]], true),
    story("NETWORK_QUALITY", 10, ["IPTV freezing", "IPTV 卡顿"], t(`Reported IPTV freezing during playback on all channels.`, `申告 IPTV 所有频道播放卡顿。`), ["机顶盒固件故障", "接入节点组播配置错误"], [["Set-top box firmware updated remotely.", "已远程升级机顶盒固件。"], ["Access node reconfigured; playback smooth.", "接入节点已重新配置，播放流畅。"]], true),
    story("OTHER", 15, ["SIM not recognised", "SIM 卡无法识别"], t(`Reported SIM not recognised after a phone upgrade.`, `申告换新手机后 SIM 卡无法识别。`), ["客户终端问题", "SIM 卡老化"], [["SIM replaced at the hall after real-name check.", "营业厅实名核验后已补换 SIM 卡。"], ["Phone settings reset; SIM works.", "手机设置已重置，SIM 卡恢复正常。"]]),
  ],
  COMPLAINT: [
    story("BILLING", 18, ["Unrecognised value-added charge", "不明增值业务扣费"], t((c) => `Complained about a charge of ${yuan(c.amount * 0.2)} for a value-added service the customer says was never ordered.`, (c) => `投诉一笔 ${yuan(c.amount * 0.2)} 的增值业务扣费，客户称从未订购。`), ["第三方 SP 未经确认订购增值业务"], [["Charge refunded and the value-added service cancelled.", "已退费并取消该增值业务。"]]),
    story("BILLING", 8, ["Roaming charged at the wrong rate", "漫游计费错误"], t(`Complained that roaming in Japan was charged at the standard rate instead of the day pass.`, `投诉在日本漫游按标准资费计费，未按日包计费。`), ["漫游资费表未更新"], [["Bill corrected and the difference credited.", "账单已更正，差额已返还。"]]),
    story("BILLING", 6, ["Promotion not applied", "优惠未生效"], t((c) => `Complained that the promised discount on ${c.plan} is missing from the bill.`, (c) => `投诉承诺的 ${c.plan} 优惠未体现在账单中。`), ["优惠编码未加载到计费系统"], [["Promotion applied retroactively.", "优惠已追溯生效。"]]),
    story("NETWORK_QUALITY", 15, ["Poor signal at home", "家中信号差"], t(`Complained that mobile signal at home has been poor for a month despite earlier reports.`, `投诉家中手机信号差已一个月，此前多次申告未解决。`), ["室内覆盖盲区", "邻近基站已退网"], [["Added an indoor small cell; signal verified.", "已加装室内微站，信号复测正常。"], ["Antenna tilt adjusted; coverage confirmed.", "已调整天线下倾角，覆盖复测正常。"]]),
    story("NETWORK_QUALITY", 8, ["Slow broadband in the evening", "晚间宽带网速慢"], t(`Complained that broadband speed is far below the contracted 1000M every evening.`, `投诉每晚宽带速率远低于签约的 1000M。`), ["接入节点拥塞"], [["Access node capacity upgraded; speed test within contract.", "接入节点已扩容，测速达到签约速率。"]], true),
    story("SERVICE_ATTITUDE", 9, ["Impatient hall staff", "营业厅人员态度不耐烦"], t(`Complained that the hall staff were impatient and the queue took over an hour.`, `投诉营业厅工作人员态度不耐烦，排队超过一小时。`), ["员工未按服务规范操作", "高峰时段人手不足"], [["Apologised; agent coached; 500 loyalty points credited.", "已致歉，对员工进行辅导，赠送 500 积分。"]]),
    story("SERVICE_ATTITUDE", 5, ["Promised call-back never came", "承诺的回电未兑现"], t(`Complained that a promised call-back from the hotline never came.`, `投诉热线承诺的回电一直没有打来。`), ["回访任务未派发"], [["Supervisor called back and apologised.", "班长已回电致歉。"]]),
    story("PROCESS", 9, ["Cancelling a service needs a hall visit", "退订业务须到营业厅办理"], t(`Complained that cancelling a value-added service requires a visit to the hall.`, `投诉退订增值业务必须到营业厅办理。`), ["仅支持营业厅退订"], [["Cancelled remotely after identity verification by video.", "视频核验身份后已远程退订。"]]),
    story("PROCESS", 6, ["Number porting stuck", "携号转网卡住"], t(`Complained that porting a number in has been pending for a week.`, `投诉携号转入已等待一周仍未完成。`), ["携号转网授权码过期"], [["Porting re-submitted and completed.", "已重新提交携转并完成。"]]),
    story("PRODUCT_PRICE", 10, ["Promotional price ended without notice", "优惠价到期未提前告知"], t((c) => `Complained that the promotional price of ${c.plan} ended without notice.`, (c) => `投诉 ${c.plan} 优惠价到期前未收到通知。`), ["优惠到期未告知客户"], [["Offered a retention discount for 12 months.", "已提供 12 个月挽留优惠。"], ["Explained the terms; one month credited as goodwill.", "已解释条款，赠送一个月费用以示歉意。"]]),
    story("OTHER", 4, ["Repeated marketing calls", "反复接到营销电话"], t(`Complained about repeated marketing calls after opting out.`, `投诉退订后仍反复接到营销电话。`), ["退订未同步到外呼系统"], [["Opt-out enforced in all channels; apology sent.", "已在全渠道落实退订，并致歉。"]]),
  ],
  REQUEST: [
    story("OTHER", 30, ["Itemised bills for reimbursement", "开具报销用详单"], t(`Requested itemised bills for the last six months for expense reimbursement.`, `申请近六个月详单用于报销。`), [REQUESTED], [["Itemised bills sent by e-mail.", "详单已通过邮件发送。"]]),
    story("PROCESS", 30, ["Change of account holder", "过户"], t(`Requested transfer of the account to a family member.`, `申请将账户过户给家人。`), [REQUESTED], [["Account holder changed after both parties' real-name checks.", "双方实名核验后已完成过户。"]]),
    story("BILLING", 20, ["Refund of overpaid balance", "重复缴费退款"], t((c) => `Requested a refund of ${yuan(c.amount)} paid twice by mistake.`, (c) => `申请退还误重复缴纳的 ${yuan(c.amount)}。`), ["客户重复缴费"], [["Refund issued to the original payment method.", "已原路退款。"]]),
    story("PROCESS", 20, ["Relocation of broadband", "宽带移机"], t(`Requested relocation of home broadband to a new address.`, `申请将家庭宽带移机到新地址。`), [REQUESTED], [["Broadband moved; engineer installed at the new address.", "宽带已移机，装维人员已在新地址完成安装。"]], true),
  ],
  CONSULTATION: [
    story("PRODUCT_PRICE", 40, ["Plan terms clarification", "套餐条款说明"], t((c) => `Asked for the full terms of ${c.plan}, including what happens after the contract ends.`, (c) => `咨询 ${c.plan} 的完整条款，包括合约到期后的资费。`), [REQUESTED], [["Terms explained in writing; customer confirmed understanding.", "已书面说明条款，客户确认理解。"]]),
    story("BILLING", 35, ["Roaming charges question", "漫游资费咨询"], t(`Asked how roaming is billed on an upcoming trip to Europe.`, `咨询即将赴欧洲出行的漫游如何计费。`), [REQUESTED], [["Roaming rates sent; day pass recommended.", "已发送漫游资费，推荐漫游日包。"]]),
    story("PROCESS", 25, ["How to port out", "如何携号转出"], t(`Asked what is needed to port the number to another operator.`, `咨询携号转网到其他运营商需要办理什么。`), [REQUESTED], [["Explained the porting steps; retention offer made.", "已说明携转流程，并提供挽留优惠。"]]),
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
) as Record<CaseKind, { all: WeightedTable<BilingualStory>; mobileOnly: WeightedTable<BilingualStory> }>;

/** A case's story in the customer's language (root causes in the operator's: see the header). */
export function caseStory(random: Random, kind: CaseKind, context: TextContext, language: Language = "en"): CaseStory {
  const tables = STORY_TABLES[kind];
  const picked = (context.hasBroadband ? tables.all : tables.mobileOnly).pick(random);
  const k = language === "zh" ? 1 : 0;
  return {
    category: picked.category,
    weight: picked.weight,
    broadband: picked.broadband,
    subject: picked.texts.subject[k],
    intake: picked.texts.intake[k],
    rootCauses: [...picked.texts.rootCauses],
    resolutions: picked.texts.resolutions.map((r) => r[k]),
  };
}

/** Notes the seeded case history and follow-up calls carry, in the customer's language. */
export const CASE_NOTES = {
  opened: (language: Language, channel: string, type: string) => (language === "zh" ? `由${CHANNEL_ZH[channel] ?? channel}${TYPE_ZH[type] ?? type}受理` : `Opened from ${channel} ${type.toLowerCase()}`),
  notSatisfied: (language: Language) => (language === "zh" ? "回访时客户不满意" : "Customer not satisfied at follow-up"),
  followUpClosed: (language: Language, satisfaction: number) => (language === "zh" ? `回访：满意度 ${satisfaction}/5` : `Follow-up call: satisfaction ${satisfaction}/5`),
  followUpCall: (language: Language, subject: string, score: number) =>
    language === "zh" ? `工单“${subject}”回访：客户对处理结果评分 ${score}/5。` : `Follow-up call on case "${subject}": customer rated the resolution ${score}/5.`,
};

// The operators' own words for where and how a contact came in (seeded notes only; the console translates enums itself).
const CHANNEL_ZH: Record<string, string> = { APP: "APP", EMAIL: "邮件", HALL: "营业厅", HOTLINE: "热线", ONSITE: "现场", SMS: "短信", VISIT: "上门", WEB: "网上营业厅", WECHAT: "微信" };
const TYPE_ZH: Record<string, string> = { CONSULTATION: "咨询", COMPLAINT: "投诉", FAULT_REPORT: "故障申告", TRANSACTION: "业务办理", CARE: "关怀", MARKETING: "营销", SURVEY: "调查", COMPLIMENT: "表扬" };

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
