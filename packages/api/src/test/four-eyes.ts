import { createUser } from "../modules/user/user.service.js";
import type { TestApp } from "./app.js";

const SECOND_ADMIN = { username: "admin.second", password: "correct horse battery" };
const seconds = new WeakMap<TestApp, Promise<string>>();

/** A session of a second admin (the tests' "admin" session user is the first), made once per app. */
function secondAdmin(app: TestApp): Promise<string> {
  let token = seconds.get(app);
  if (!token) {
    token = (async () => {
      await createUser(app.database.db, { username: SECOND_ADMIN.username, role: "ADMIN", password: SECOND_ADMIN.password });
      const login = await app.gql(`mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`, { u: SECOND_ADMIN.username, p: SECOND_ADMIN.password }, { as: "ANONYMOUS" });
      return login.data!.login.token as string;
    })();
    seconds.set(app, token);
  }
  return token;
}

/** Four eyes in tests: a second admin approves the pending grant for `targetId` (a new partner app, a user). */
export async function approveAsSecondAdmin(app: TestApp, targetId: string): Promise<void> {
  const as = { as: "ANONYMOUS" as const, headers: { authorization: `Bearer ${await secondAdmin(app)}` } };
  const pending = (await app.gql(`{ pendingGrants { id targetId } }`, {}, as)).data!.pendingGrants as { id: string; targetId: string }[];
  const grant = pending.find((g) => g.targetId === targetId);
  if (!grant) throw new Error(`no pending grant for ${targetId}`);
  const approved = await app.gql(`mutation($id: ID!) { approveGrant(id: $id) { id } }`, { id: grant.id }, as);
  if (approved.errors) throw new Error(`approveGrant failed: ${approved.errors[0]!.message}`);
}
