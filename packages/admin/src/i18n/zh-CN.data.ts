import type { dataMessages as English, dataResources as EnglishResources } from "./en.data";

/** 简体中文：待审批授权（双人复核）、数据导入与导出。 */
export const dataResources: typeof EnglishResources = {
  grants: { name: "待审批授权" },
};

export const dataMessages: typeof English = {
  grants: {
    title: "待审批授权",
    intro: "扩大个人信息访问范围的变更——为用户分配可查看更多信息的角色、为合作方应用增加处理目的、字段或能力——须经另一名管理员审批后才生效。任何人都不能审批自己提交的申请。",
    empty: "暂无待审批的变更。",
    kind: { USER_ROLE: "控制台用户", PARTNER_ACCESS: "合作方应用", AUDIENCE: "受众" },
    audience: "将该客群的成员以“%{purpose}”目的发布给此合作方：合作方可读取已同意该目的的成员（仅限其白名单字段），并在成员加入或退出时收到通知。",
    requested: "申请人 %{by}，%{at}",
    yours: "本人申请",
    roleChange: "角色 %{from} → %{to}",
    newUser: "新建用户，角色为%{role}",
    treatment: { FULL: "完整可见", MASK: "脱敏可见", NULL: "不可见" },
    freeText: "自由文本（备注、摘要）",
    adminGrants: "管理员可以创建用户和合作方应用，并可继续提交授权申请。",
    newPartner: "新建合作方应用：审批通过后其 API 密钥才能使用。",
    partnerWidened: "将新增：",
    purposes: "处理目的",
    fields: "字段",
    capabilities: "能力",
    capability: { INTEGRATION: "数据对接系统（可调用数据接入接口）" },
    approve: "批准",
    reject: "驳回",
    rejectTitle: "驳回 %{target} 的授权申请",
    reason: "驳回原因（选填）",
    reasonHelp: "随申请一并保存，请勿填写客户个人信息。",
    approved: "已批准：%{target} 已获得所申请的权限。",
    rejected: "已驳回：%{target} 保持原有权限。",
    ownRequest: "这是您本人提交的变更，须由另一名管理员批准或驳回（双人复核）。",
    alreadyDecided: "该申请已由其他管理员处理，请刷新页面。",
    apiSaid: "接口返回：%{code} — %{message}",
  },
};
