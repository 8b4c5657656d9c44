import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { gqlEnum } from "../../graphql/enums.js";
import { DateTime, LocalDate } from "../../graphql/scalars.js";
import { BilledService } from "../usage/usage.type.js";
import { KEY_ACCOUNT_TIERS, RETENTION_ACTIONS, SERVICE_LEVELS, WARNING_CAUSES } from "./account.rules.js";
import { accountWarningStatus } from "./account.table.js";

export const KeyAccountTier = gqlEnum({ enumValues: KEY_ACCOUNT_TIERS }, "KeyAccountTier", "The six key-account tiers, highest first: 钻石 DIAMOND, 翡翠 EMERALD, 白金 PLATINUM, 宝石 GEM, 黄金 GOLD, 水晶 CRYSTAL.");
export const ServiceLevel = gqlEnum(
  { enumValues: SERVICE_LEVELS },
  "ServiceLevel",
  "What a tier buys: DEDICATED_24X7 (a named account team around the clock), PRIORITY_24X7, PRIORITY_BUSINESS_HOURS.",
);
export const AccountWarningStatus = gqlEnum(accountWarningStatus, "AccountWarningStatus");
export const AccountWarningCause = gqlEnum({ enumValues: WARNING_CAUSES }, "AccountWarningCause", "Why a key account's fee fell, as the account manager found it.");
export const RetentionAction = gqlEnum({ enumValues: RETENTION_ACTIONS }, "RetentionAction", "What the account manager does to keep the account (financial, social or structural levers).");

@ObjectType({ description: "A key account (大客户): an enterprise or government customer's tier, service commitments and dossier." })
export class KeyAccount {
  @Field(() => ID) customerId!: string;
  @Field(() => Int) version!: number;
  @Field(() => KeyAccountTier) tier!: string;
  @Field(() => Float, { description: "First response due within this many hours (the shorter of this and the case kind's)." }) responseHours!: number;
  @Field(() => Float, { description: "Faults and complaints resolved within the shorter of this and their standard limit." }) handlingHours!: number;
  @Field(() => ServiceLevel) serviceLevel!: string;
  @Field(() => String, { nullable: true, description: "The account manager's username (Customer.accountManager)." }) accountManager!: string | null;
  @Field(() => ID, { nullable: true, description: "The group this account is a branch of." }) groupId!: string | null;
  @Field(() => String, { nullable: true }) networkStructure!: string | null;
  @Field(() => String, { nullable: true }) equipment!: string | null;
  @Field(() => [String], { nullable: true, description: "Site addresses." }) sites!: string[] | null;
  @Field(() => String, { nullable: true }) technicalContactName!: string | null;
  @Field(() => String, { nullable: true }) technicalContactPhone!: string | null;
  @Field(() => [BilledService]) productsHeld!: string[];
  @Field(() => DateTime) updatedAt!: Date;
}

@ObjectType({ description: "An early warning on a key account's fees: a cause-analysis task for its account manager." })
export class AccountWarning {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field(() => ID) customerId!: string;
  @Field(() => LocalDate, { description: "The billing month whose fee fell (first day)." }) month!: string;
  @Field(() => BilledService, { nullable: true, description: "The service whose fee fell (≥ 20 %); null: the total (≥ 10 %)." }) service!: string | null;
  @Field(() => Float, { nullable: true, description: "The reference: mean fee of the 3 billed months before." }) reference!: number | null;
  @Field(() => Float, { nullable: true }) amount!: number | null;
  @Field(() => Float, { nullable: true }) dropPercent!: number | null;
  @Field(() => String, { nullable: true, description: "The account manager the task is assigned to." }) accountManager!: string | null;
  @Field(() => AccountWarningStatus) status!: string;
  @Field(() => AccountWarningCause, { nullable: true }) cause!: string | null;
  @Field(() => RetentionAction, { nullable: true }) retentionAction!: string | null;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => DateTime) openedAt!: Date;
  @Field(() => DateTime, { nullable: true }) closedAt!: Date | null;
  @Field(() => String, { nullable: true }) closedBy!: string | null;
}

@ObjectType({ description: "An account manager's portfolio: their key accounts and open cause-analysis tasks." })
export class Portfolio {
  @Field(() => String) accountManager!: string;
  @Field(() => [KeyAccount]) accounts!: KeyAccount[];
  @Field(() => [AccountWarning], { description: "Open early warnings assigned to this account manager, newest month first." }) openWarnings!: AccountWarning[];
}
