import { localStorageStore, type Store } from "react-admin";
import { currentSession } from "./session";

/** react-admin keeps a list's saved filters under `<resource>.savedQueries` (useSavedQueries). */
const SAVED_QUERIES = ".savedQueries";
const PREFIX = "tessera.savedQueries";

type Listener = (value: unknown) => void;

/**
 * react-admin's store with saved filters kept per signed-in user. react-admin's own store is one
 * per browser and is reset at sign-out: saved filters there would be shared by everyone who signs
 * in on the browser, and lost at each sign-out. Here they live under the user's name, outside what
 * sign-out resets; everything else is react-admin's store as it was.
 */
export function userScopedStore(base: Store, storage: () => Storage | undefined, user: () => string | undefined): Store {
  const listeners = new Map<string, Set<Listener>>();
  const scoped = (key: string) => key.endsWith(SAVED_QUERIES);
  // Signed out, there is nobody to keep filters for: nothing is read or written.
  const storageKey = (key: string) => {
    const name = user();
    return name === undefined ? undefined : `${PREFIX}.${encodeURIComponent(name)}.${key.slice(0, -SAVED_QUERIES.length)}`;
  };
  const read = (key: string) => {
    const at = storageKey(key);
    const raw = at === undefined ? null : (storage()?.getItem(at) ?? null);
    if (raw === null) return undefined;
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return undefined;
    }
  };
  const write = (key: string, value: unknown) => {
    const at = storageKey(key);
    if (at === undefined) return;
    if (value === undefined) storage()?.removeItem(at);
    else storage()?.setItem(at, JSON.stringify(value));
    listeners.get(key)?.forEach((listener) => listener(value));
  };
  return {
    ...base,
    getItem: <T,>(key: string, defaultValue?: T) => (scoped(key) ? ((read(key) as T | undefined) ?? defaultValue) : base.getItem(key, defaultValue)),
    setItem: <T,>(key: string, value: T) => (scoped(key) ? write(key, value) : base.setItem(key, value)),
    removeItem: (key: string) => (scoped(key) ? write(key, undefined) : base.removeItem(key)),
    subscribe: (key: string, callback: Listener) => {
      if (!scoped(key)) return base.subscribe(key, callback);
      const set = listeners.get(key) ?? new Set<Listener>();
      listeners.set(key, set.add(callback));
      return () => set.delete(callback);
    },
  };
}

/** The console's store: react-admin's local storage store, saved filters per signed-in user. */
export const consoleStore = () =>
  userScopedStore(
    localStorageStore(),
    () => (typeof localStorage === "undefined" ? undefined : localStorage),
    () => currentSession()?.user.username,
  );
