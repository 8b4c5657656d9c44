import { randomBytes } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import type { Role } from "@tessera/schema/catalog";
import type { DbOrTx } from "../db/client.js";
import { getOrInitSetting } from "../modules/system/settings.queries.js";
import { primeCursorCodec } from "../graphql/cursor.js";

const ISSUER = "tessera";
const AUDIENCE = "tessera-console";
export const SESSION_HOURS = 12;
/** Verified tokens remembered per process (one per active console session; the oldest goes first). */
const MAX_VERIFIED_TOKENS = 10_000;

export interface SessionClaims {
  userId: string;
  username: string;
  role: Role;
  /** The user's `session_version` when issued; the session ends when it moves (user.service authenticateSession). */
  sessionVersion: number;
}

/** Signs and verifies console session tokens (HS256 JWTs via jose). */
export class TokenService {
  private constructor(private readonly key: Uint8Array) {}

  /**
   * TESSERA_SECRET when set; otherwise a random secret kept in the database's settings, so a
   * demo works with no configuration and every replica of one database agrees.
   */
  static async create(db: DbOrTx, configured?: string): Promise<TokenService> {
    const secret = configured ?? (await getOrInitSetting(db, "token_secret", () => randomBytes(32).toString("base64url")));
    primeCursorCodec(db, secret);
    return new TokenService(new TextEncoder().encode(secret));
  }

  async issue(claims: SessionClaims): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(Date.now() + SESSION_HOURS * 3_600_000);
    const token = await new SignJWT({ username: claims.username, role: claims.role, sv: claims.sessionVersion })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(expiresAt)
      .sign(this.key);
    return { token, expiresAt };
  }

  /**
   * Tokens whose signature and claims were checked, with their expiry (epoch seconds). Checking
   * the same string under the same key always gives the same answer, so a hit skips only the
   * HMAC (measured at 5–7 % of a customer read's CPU); expiry is checked again on every use, and
   * whether the user may still use the session (revocation, session version) stays
   * authenticateSession's exact check against the database. Only valid tokens are kept.
   */
  private readonly verified = new Map<string, { claims: SessionClaims; exp: number }>();

  /** The claims of a validly signed, unexpired token; undefined for anything else. Whether the user may still use it is authenticateSession's business. */
  async verify(token: string): Promise<SessionClaims | undefined> {
    const known = this.verified.get(token);
    if (known) {
      // jose's rule: a token is expired once the current second reaches `exp`.
      if (Math.floor(Date.now() / 1000) < known.exp) return known.claims;
      this.verified.delete(token);
    }
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ["HS256"] });
      if (typeof payload.sub !== "string" || typeof payload.username !== "string" || typeof payload.role !== "string" || typeof payload.sv !== "number") return undefined;
      const claims: SessionClaims = { userId: payload.sub, username: payload.username, role: payload.role as Role, sessionVersion: payload.sv };
      if (typeof payload.exp === "number") {
        if (this.verified.size >= MAX_VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value!);
        this.verified.set(token, { claims, exp: payload.exp });
      }
      return claims;
    } catch {
      return undefined;
    }
  }
}
