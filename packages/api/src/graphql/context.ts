import { randomUUID } from "node:crypto";
import { AuditCollector } from "../audit/audit.collector.js";
import type { Db } from "../db/client.js";
import { Policy } from "../privacy/policy.js";
import type { Principal, Purpose } from "../privacy/principal.js";
import type { TokenService } from "../privacy/tokens.js";
import { LoaderRegistry } from "./loaders.js";

/** Everything a resolver may use. Principal and purpose are fixed for the request. */
export interface Context {
  requestId: string;
  db: Db;
  principal: Principal;
  purpose: Purpose;
  loaders: LoaderRegistry;
  /** The privacy policy of this principal and purpose: visibility, masking, redactions. */
  policy: Policy;
  /** What this request read and wrote, flushed to the audit trail when the response is ready. */
  audit: AuditCollector;
  tokens: TokenService;
}

export function createContext(options: { db: Db; principal: Principal; purpose: Purpose; tokens: TokenService; requestId?: string }): Context {
  const { db, principal, purpose, tokens, requestId = randomUUID() } = options;
  return {
    requestId,
    db,
    principal,
    purpose,
    tokens,
    loaders: new LoaderRegistry(),
    policy: new Policy(principal, purpose),
    audit: new AuditCollector({ requestId, principal, purpose }),
  };
}
