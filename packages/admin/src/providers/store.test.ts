import { memoryStore } from "react-admin";
import { describe, expect, it } from "vitest";
import { userScopedStore } from "./store";

/** One browser's localStorage, in memory. */
function browserStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

describe("saved filters are kept per signed-in user (issue 13: saved filters per user)", () => {
  const query = (label: string) => ({ label, value: { filter: { valueTier: "HIGH" }, sort: { field: "createdAt", order: "DESC" }, perPage: 25, displayedFilters: {} } });

  it("two users on one browser each see only their own saved filters, and sign-out keeps them", () => {
    const storage = browserStorage();
    let user: string | undefined = "steward";
    const store = userScopedStore(memoryStore(), () => storage, () => user);
    store.setup();
    const seen: unknown[] = [];
    store.subscribe("customers.savedQueries", (value) => seen.push(value));
    store.setItem("customers.savedQueries", [query("high value")]);
    expect(seen).toEqual([[query("high value")]]);

    user = "agent";
    expect(store.getItem("customers.savedQueries", [])).toEqual([]);
    store.setItem("customers.savedQueries", [query("mine")]);

    // Sign-out resets react-admin's store; the saved filters are the user's, not the session's.
    store.reset();
    user = "steward";
    expect(store.getItem("customers.savedQueries", [])).toEqual([query("high value")]);
    user = "agent";
    expect(store.getItem("customers.savedQueries", [])).toEqual([query("mine")]);
  });

  it("signed out, saved filters are neither read nor written; other keys are react-admin's as before", () => {
    const storage = browserStorage();
    const store = userScopedStore(memoryStore(), () => storage, () => undefined);
    store.setup();
    store.setItem("customers.savedQueries", [query("nobody")]);
    expect(storage.length).toBe(0);
    expect(store.getItem("customers.savedQueries", [])).toEqual([]);
    store.setItem("customers.listParams", { page: 2 });
    expect(store.getItem("customers.listParams")).toEqual({ page: 2 });
    expect(storage.length).toBe(0);
  });
});
