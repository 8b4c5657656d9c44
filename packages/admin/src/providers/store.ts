import { localStorageStore, type Store } from "react-admin";
import { currentSession } from "./session";

/**
 * react-admin's store (list filters, sort, column choices) in localStorage, except saved filters
 * (`<resource>.savedQueries`, FilterButton's "save current query"): those are kept per signed-in
 * user, under the username, and survive sign-out (react-admin resets its store on logout). They
 * stay in this browser: saved filters are not shared between machines.
 */
const SAVED = /\.savedQueries$/;
const savedKey = (key: string) => `tessera.savedQueries.${currentSession()?.user.username ?? "anonymous"}.${key}`;

export function consoleStore(): Store {
  const inner = localStorageStore(undefined, "Tessera");
  const listeners = new Map<string, Set<(value: unknown) => void>>();
  const publish = (key: string, value: unknown) => listeners.get(key)?.forEach((cb) => cb(value));
  const read = (key: string) => {
    const raw = localStorage.getItem(savedKey(key));
    return raw == null ? undefined : JSON.parse(raw);
  };
  return {
    ...inner,
    getItem: (key, defaultValue) => (SAVED.test(key) ? (read(key) ?? defaultValue) : inner.getItem(key, defaultValue)),
    setItem: (key, value) => {
      if (!SAVED.test(key)) return inner.setItem(key, value);
      if (value === undefined) localStorage.removeItem(savedKey(key));
      else localStorage.setItem(savedKey(key), JSON.stringify(value));
      publish(key, value);
    },
    removeItem: (key) => {
      if (!SAVED.test(key)) return inner.removeItem(key);
      localStorage.removeItem(savedKey(key));
      publish(key, undefined);
    },
    subscribe: (key, callback) => {
      if (!SAVED.test(key)) return inner.subscribe(key, callback);
      const set = listeners.get(key) ?? new Set();
      set.add(callback as (value: unknown) => void);
      listeners.set(key, set);
      return () => set.delete(callback as (value: unknown) => void);
    },
  };
}
