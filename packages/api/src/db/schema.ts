/** Every drizzle table and enum, for the client, drizzle-kit and queries that span modules. */
export * from "../modules/customer/customer.table.js";
export * from "../modules/identity/identity.table.js";
export * from "../modules/subscription/subscription.table.js";
export * from "../modules/usage/usage.table.js";
export * from "../modules/consent/consent.table.js";
export * from "../modules/interaction/interaction.table.js";
export * from "../modules/case/case.table.js";
export * from "../modules/feedback/feedback.table.js";
export * from "../modules/user/user.table.js";
export * from "../modules/partner/partner.table.js";
export * from "../modules/system/settings.table.js";
export * from "../audit/audit.table.js";
export * from "../modules/dsr/dsr.table.js";
export * from "../modules/retention/retention.table.js";
export * from "../modules/insight/insight.table.js";
export * from "../modules/segment/segment.table.js";
export * from "../modules/identity/merge.table.js";
