import type { AuthProvider } from "react-admin";
import { LoginDocument } from "../generated/graphql";
import { fetchGraphql, GraphqlError } from "./graphql";
import { clearSession, currentSession, saveSession } from "./session";

/**
 * Console sign-in over the API's `login` mutation. The token lives in sessionStorage and
 * fetchGraphql sends it; a 401 from any request ends the session and shows the login page.
 */
export const authProvider: AuthProvider = {
  async login({ username, password }: { username: string; password: string }) {
    try {
      const { login } = await fetchGraphql(LoginDocument, { username, password }, { anonymous: true });
      saveSession(login);
    } catch (error) {
      // The API's message ("Invalid username or password", lockout time) is what the user needs.
      throw new Error(error instanceof GraphqlError && error.code !== "NETWORK" ? error.message : "ra.auth.sign_in_error");
    }
  },

  async logout() {
    clearSession();
  },

  async checkAuth() {
    if (!currentSession()) throw new Error("ra.auth.auth_check_error");
  },

  async checkError(error: { status?: number }) {
    if (error?.status === 401) {
      clearSession();
      throw new Error("ra.notification.logged_out");
    }
    // 403 (a role or purpose not allowed) keeps the session: the page shows the error.
  },

  async getIdentity() {
    const session = currentSession();
    if (!session) throw new Error("ra.auth.auth_check_error");
    return { id: session.user.id, username: session.user.username, fullName: session.user.displayName ?? session.user.username, role: session.user.role };
  },

  async getPermissions() {
    return currentSession()?.user.role;
  },
};
