import { randomUUID } from "node:crypto";
import type { Db } from "../db/client.js";
import type { Principal, Purpose } from "../privacy/principal.js";
import { LoaderRegistry } from "./loaders.js";

/** Everything a resolver may use. Principal and purpose are fixed for the request. */
export interface Context {
  requestId: string;
  db: Db;
  principal: Principal;
  purpose: Purpose;
  loaders: LoaderRegistry;
}

export function createContext(db: Db, principal: Principal, purpose: Purpose, requestId: string = randomUUID()): Context {
  return { requestId, db, principal, purpose, loaders: new LoaderRegistry() };
}
