import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../../graphql/context.js";
import * as grants from "../grant/grant.service.js";
import * as service from "./user.service.js";
import { Me, Role, Session, User } from "./user.type.js";

@Resolver()
export class UserResolver {
  @Mutation(() => Session, { description: "Console login: answers a session token for Authorization: Bearer." })
  login(@Arg("username", () => String) username: string, @Arg("password", () => String) password: string, @Ctx() ctx: Context) {
    return service.login(ctx, username, password);
  }

  @Query(() => Me)
  me(@Ctx() ctx: Context): Me {
    const p = ctx.principal;
    return { kind: p.kind, name: p.name, role: p.kind === "USER" ? p.role : null, partnerId: p.kind === "PARTNER" ? p.partnerId : null, purpose: ctx.purpose };
  }

  @Query(() => [User])
  users(@Ctx() ctx: Context) {
    return service.listUsers(ctx);
  }

  @Mutation(() => User, { description: "Creates a console user. A role that reads personal data (AGENT, STEWARD, ADMIN) is created awaitingApproval until a second admin approves (pendingGrants)." })
  createUser(
    @Arg("username", () => String) username: string,
    @Arg("role", () => Role) role: string,
    @Arg("password", () => String) password: string,
    @Arg("displayName", () => String, { nullable: true }) displayName: string | null,
    @Ctx() ctx: Context,
  ) {
    return grants.createUserRequest(ctx, { username, role: service.assertRole(role), password, displayName });
  }

  @Mutation(() => User, { description: "Disables a console user; their sessions end at their next request." })
  disableUser(@Arg("userId", () => ID) userId: string, @Ctx() ctx: Context) {
    return service.disableUser(ctx.db, userId, ctx.audit);
  }

  @Mutation(() => User, { description: "Enables a disabled user again (the role and clearance they already held); they sign in anew." })
  enableUser(@Arg("userId", () => ID) userId: string, @Ctx() ctx: Context) {
    return service.enableUser(ctx.db, userId, ctx.audit);
  }

  @Mutation(() => User, {
    description:
      "Sets a temporary password for a user (at least 10 characters) and lifts a lockout; every session of the user ends, and until they choose their own password (changePassword) their sessions may only change it.",
  })
  resetUserPassword(@Arg("userId", () => ID) userId: string, @Arg("temporaryPassword", () => String) temporaryPassword: string, @Ctx() ctx: Context) {
    return service.resetUserPassword(ctx.db, userId, temporaryPassword, ctx.audit);
  }

  @Mutation(() => User, { description: "Lifts a lockout after failed logins; the user may try again at once." })
  unlockUser(@Arg("userId", () => ID) userId: string, @Ctx() ctx: Context) {
    return service.unlockUser(ctx.db, userId, ctx.audit);
  }

  @Mutation(() => User, {
    description:
      "Changes a user's clearance (1–5: the highest customer security level they may open). Raising it waits for a second admin (pendingGrants); lowering applies at once. The answer is the user as it is now.",
  })
  setUserClearance(@Arg("userId", () => ID) userId: string, @Arg("clearance", () => Int) clearance: number, @Ctx() ctx: Context) {
    return grants.setUserClearanceRequest(ctx, userId, service.assertClearance(clearance));
  }

  @Mutation(() => User, {
    description: "Changes a user's role; the user's sessions end at their next request. A role that reads more personal data waits for a second admin (pendingGrants); the answer is the user as it is now.",
  })
  setUserRole(@Arg("userId", () => ID) userId: string, @Arg("role", () => Role) role: string, @Ctx() ctx: Context) {
    return grants.setUserRoleRequest(ctx, userId, service.assertRole(role));
  }

  @Mutation(() => Session, { description: "Changes the caller's own password; every other session of the caller ends." })
  changePassword(@Arg("currentPassword", () => String) currentPassword: string, @Arg("newPassword", () => String) newPassword: string, @Ctx() ctx: Context) {
    return service.changePassword(ctx, currentPassword, newPassword);
  }
}
