import { OPERATION_ACCESS } from "@tessera/schema/access";
import { describe, expect, it } from "vitest";
import type { Role } from "../generated/graphql";
import { can, MENUS, PAGE_OPERATIONS, PSEUDONYMOUS_ROLES, roleMayCall, roleReadsInFull, type Action } from "./roles";

const ROLES = Object.keys(MENUS) as Role[];

describe("the console's role table agrees with the API's access table", () => {
  it("offers each role only pages whose list operation the API lets it call", () => {
    for (const role of ROLES) {
      for (const page of MENUS[role]) expect(roleMayCall(role, PAGE_OPERATIONS[page]), `${role} has ${page} (${PAGE_OPERATIONS[page]})`).toBe(true);
    }
  });

  it("names only operations the access table knows", () => {
    for (const operation of Object.values(PAGE_OPERATIONS)) expect(OPERATION_ACCESS).toHaveProperty(operation);
  });

  // Expected values from SPEC §4.4 and the issues, not from the code: who may do what in the console.
  it.each<[Action, Role[]]>([
    ["customer.create", ["STEWARD", "AGENT"]],
    ["customer.search", ["STEWARD", "AGENT"]],
    ["dsr.fulfil", ["STEWARD", "ADMIN"]],
    ["dsr.export", ["STEWARD"]],
    ["segment.create", ["ANALYST", "STEWARD", "ADMIN"]],
    ["partner.manage", ["ADMIN"]],
    ["customer.merge", ["STEWARD"]],
    ["grant.decide", ["ADMIN"]],
  ])("%s is for %j", (action, roles) => {
    expect(ROLES.filter((role) => can(role, action)).sort()).toEqual([...roles].sort());
  });

  it("shows pseudonymous ids to the roles that read no direct identifier", () => {
    expect([...PSEUDONYMOUS_ROLES].sort()).toEqual(["ANALYST", "AUDITOR"]);
  });
});

describe("a role filters and sorts only on fields it reads in full (the API's Policy.readsInFull)", () => {
  // Expected from the catalog's role matrix (SPEC §4.4): a filter or an order on a field reveals it.
  it.each<[Role, "Customer" | "Insight", string, boolean]>([
    ["STEWARD", "Customer", "name", true],
    ["ADMIN", "Customer", "name", false], // direct identifiers are masked for admins
    ["ANALYST", "Customer", "region", true], // a KEEP mask: the coarse value is read as it is
    ["AUDITOR", "Customer", "region", false],
    ["AGENT", "Insight", "valueTier", true],
    ["ANALYST", "Insight", "churnRisk", true],
    ["AUDITOR", "Insight", "lifecycleStage", false],
    ["AUDITOR", "Customer", "accountManager", true], // staff usernames are not personal data
  ])("%s on %s.%s: %s", (role, type, field, expected) => {
    expect(roleReadsInFull(role, type, field as never)).toBe(expected);
  });
});
