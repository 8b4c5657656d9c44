import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../graphql/context.js";
import { findCustomer } from "../customer/customer.service.js";
import { Customer } from "../customer/customer.type.js";
import { KeyAccountInput } from "./account.inputs.js";
import * as service from "./account.service.js";
import { AccountWarning, AccountWarningCause, KeyAccount, Portfolio, RetentionAction } from "./account.type.js";

@Resolver(() => Customer)
export class CustomerKeyAccountResolver {
  @FieldResolver(() => KeyAccount, { nullable: true, description: "The key-account tier and dossier; null for customers that are not key accounts." })
  keyAccount(@Root() customer: Customer, @Ctx() ctx: Context) {
    return service.customerKeyAccount(ctx, customer);
  }
}

@Resolver(() => KeyAccount)
export class KeyAccountResolver {
  @Query(() => Portfolio, { description: "An account manager's key accounts and open early warnings (default: the caller's own)." })
  portfolio(@Arg("accountManager", () => String, { nullable: true }) accountManager: string | null, @Ctx() ctx: Context) {
    return service.portfolio(ctx, accountManager);
  }

  @Mutation(() => KeyAccount, { description: "Makes an enterprise or government customer a key account, or replaces its tier and dossier (expectedVersion required to change)." })
  setKeyAccount(@Arg("input", () => KeyAccountInput) input: KeyAccountInput, @Arg("expectedVersion", () => Int, { nullable: true }) expectedVersion: number | null, @Ctx() ctx: Context) {
    return service.setKeyAccount(ctx, input, expectedVersion ?? null);
  }

  @FieldResolver(() => Customer, { nullable: true }) customer(@Root() account: KeyAccount, @Ctx() ctx: Context) {
    return findCustomer(ctx, account.customerId);
  }

  @FieldResolver(() => Customer, { nullable: true, description: "The group this account is a branch of (null when not visible to you)." })
  group(@Root() account: KeyAccount, @Ctx() ctx: Context) {
    return account.groupId ? findCustomer(ctx, account.groupId) : null;
  }

  @FieldResolver(() => [KeyAccount], { description: "The branches of this group that you may see." }) branches(@Root() account: KeyAccount, @Ctx() ctx: Context) {
    return service.branchesOf(ctx, account);
  }

  @FieldResolver(() => [AccountWarning], { description: "Early warnings on this account's fees, newest month first." }) warnings(@Root() account: KeyAccount, @Ctx() ctx: Context) {
    return service.warningsOf(ctx, account);
  }
}

@Resolver(() => AccountWarning)
export class AccountWarningResolver {
  @Mutation(() => AccountWarning, { description: "Closes an early warning's cause-analysis task: the cause and the retention action are both required; only its account manager closes it." })
  closeAccountWarning(
    @Arg("id", () => ID) id: string,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
    @Arg("cause", () => AccountWarningCause, { nullable: true }) cause: string | null,
    @Arg("retentionAction", () => RetentionAction, { nullable: true }) retentionAction: string | null,
    @Arg("note", () => String, { nullable: true }) note: string | null,
    @Ctx() ctx: Context,
  ) {
    return service.closeAccountWarning(ctx, { id, expectedVersion, cause, retentionAction, note });
  }

  @FieldResolver(() => Customer, { nullable: true }) customer(@Root() warning: AccountWarning, @Ctx() ctx: Context) {
    return findCustomer(ctx, warning.customerId);
  }
}
