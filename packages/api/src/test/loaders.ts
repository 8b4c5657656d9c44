import { desc } from "drizzle-orm";
import { afterAll, beforeAll, expect } from "vitest";
import { customers } from "../modules/customer/customer.table.js";
import { Policy } from "../privacy/policy.js";
import type { LoaderContext } from "../graphql/loaders.js";
import { insertFullCustomer, uniquePhone } from "./builders.js";
import { createTestDatabase, type TestDatabase } from "./database.js";

/** A steward's loader context under SERVICE (sees every record up to clearance 3). */
export function stewardLoaderContext(database: TestDatabase): LoaderContext {
  return { db: database.db, policy: new Policy({ kind: "USER", id: "loader-test", name: "loader-test", role: "STEWARD", clearance: 3 }, "SERVICE") };
}

/**
 * Runs `loads` (several DataLoader loads issued in the same tick) and requires that they cost
 * exactly one SQL statement, counted as the real driver (PGlite or postgres.js) sends it.
 */
export async function expectOneStatement<T>(database: TestDatabase, loads: () => Promise<T>[]): Promise<T[]> {
  database.statements.length = 0;
  const results = await Promise.all(loads());
  expect(database.statements, database.statements.join("\n")).toHaveLength(1);
  return results;
}

/**
 * The ids of every customer, descending: most relation statements return rows in ascending
 * customer order, so answers in this key order show that the loader put them back in key order.
 */
export async function customerIdsDescending(database: TestDatabase): Promise<string[]> {
  return (await database.db.select({ id: customers.id }).from(customers).orderBy(desc(customers.id))).map((r) => r.id);
}

/** What a loaders test reads from {@link useLoaderFixture}, once its `beforeAll` has run. */
export interface LoaderFixture {
  database: TestDatabase;
  /** The three customers' ids, descending (see {@link customerIdsDescending}). */
  ids: string[];
}

/**
 * Registers the hooks of a loaders test file: a test database holding three full customers
 * (`grantPurposes` is passed to each), closed after the file. Call it at the top of the file;
 * inside a test, `const { database, ids } = fixture();`.
 */
export function useLoaderFixture(options: { grantPurposes?: string[] } = {}): () => LoaderFixture {
  let database: TestDatabase | undefined;
  let ids: string[] | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    for (let i = 0; i < 3; i++) await insertFullCustomer(database.db, { ...options, phone: uniquePhone() });
    ids = await customerIdsDescending(database);
    expect(ids).toHaveLength(3);
  });
  afterAll(() => database?.close());
  return () => {
    if (!database || !ids) throw new Error("useLoaderFixture: read it inside a test, after beforeAll has run");
    return { database, ids };
  };
}
