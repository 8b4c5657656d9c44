import type { identityMessages as English, identityResources as EnglishResources } from "./en.identity";

/** 简体中文：疑似重复客户队列与合并页面（身份识别）。 */
export const identityResources: typeof EnglishResources = {
  duplicates: {
    name: "疑似重复客户",
    fields: { score: "相似度", reasons: "匹配原因", customerA: "记录 A", customerB: "记录 B" },
  },
};

export const identityMessages: typeof English = {
  duplicates: {
    title: "疑似重复客户",
    intro: "匹配规则认为可能属于同一人的记录对，按相似度从高到低排列。只显示基于您可完整查看字段的匹配原因。",
    empty: "暂无疑似重复客户。导入数据后可运行 `tessera duplicates refresh`。",
    count: "显示 %{count} 对，共 %{total} 对",
    more: "加载更多",
    review: "查看",
    dismiss: "不是重复",
    dismissed: "已标记为不是重复，之后的刷新不会再列出这对记录。",
    reason: {
      NATIONAL_ID: "证件号相同",
      PHONE: "手机号相同",
      EMAIL: "邮箱相同",
      NAME_BIRTH_CITY: "姓名、出生日期和城市相同",
      SIMILAR_NAME_BIRTH: "姓名相近且出生日期相同",
    },
  },
  merge: {
    title: "合并预览",
    intro: "保留记录沿用原客户编号，另一条记录成为指向它的已合并记录。点击“合并”之前不会写入任何数据，合并后可以撤销。",
    survivor: "保留记录",
    merged: "并入保留记录",
    swap: "互换保留记录",
    field: "字段",
    choose: "保留",
    conflicts: "不一致的字段",
    noConflicts: "两条记录没有不一致的值。",
    filled: "由被合并记录补全（保留记录中为空）",
    defaultNote: "默认：%{note}",
    consents: "授权冲突",
    noConsentConflicts: "两条记录的授权状态一致。",
    consentKey: "授权",
    result: "合并后",
    resultHelp: "除非您另选，以更严格的状态为准；每条授权记录保留原有回执。",
    moves: "将转移到保留记录的数据",
    rows: "%{smart_count} 条",
    action: { MOVE: "转移", COMBINE: "累加到保留记录", KEEP: "保持不变" },
    table: "数据",
    warnings: "合并前请确认",
    acknowledgeRestriction: "我已知晓其中有限制处理的记录；合并后保留记录也将被限制处理。",
    merge: "合并",
    merged_ok: "已合并。被合并记录现指向保留记录。",
    undo: "撤销合并",
    undone: "已撤销合并，两条记录均已恢复。",
    stale: "载入预览后，其中一条记录已被修改。请刷新预览并重新确认您的选择。",
    reload: "刷新",
    done: "合并于 %{date}",
    openSurvivor: "打开保留记录",
    empty: "（空）",
  },
  mergedBadge: {
    label: "已合并至 %{name}",
    help: "此记录已并入另一位客户，仅作为已合并记录保留，不能再修改。",
  },
};
