import type { LoginMutation } from "../generated/graphql";

export type Session = LoginMutation["login"];

// sessionStorage: a console over personal data should not stay signed in after the browser
// closes, and each tab keeps its own session.
const KEY = "tessera.session";

function storage(): Storage | undefined {
  return typeof sessionStorage === "undefined" ? undefined : sessionStorage;
}

/** The signed-in session, or undefined when there is none or it has expired. */
export function currentSession(): Session | undefined {
  const raw = storage()?.getItem(KEY);
  if (!raw) return undefined;
  try {
    const session = JSON.parse(raw) as Session;
    if (new Date(session.expiresAt).getTime() > Date.now()) return session;
  } catch {
    // A corrupt entry is the same as none.
  }
  storage()?.removeItem(KEY);
  return undefined;
}

export function saveSession(session: Session) {
  storage()?.setItem(KEY, JSON.stringify(session));
}

export function clearSession() {
  storage()?.removeItem(KEY);
}
