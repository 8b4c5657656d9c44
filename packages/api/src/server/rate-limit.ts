import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { GraphQLError } from "graphql";
import type { IncomingMessage } from "node:http";
import { HeaderMap } from "@apollo/server";
import { env } from "../config/env.js";
import { ErrorCode } from "../graphql/errors.js";
import type { Principal } from "../privacy/principal.js";

/**
 * Requests per minute per API key, per console user and per anonymous client address
 * (rate-limiter-flexible). The in-process store suits one replica; several replicas pass a shared
 * store (RateLimiterRedis, RateLimiterPostgres, … — any RateLimiterAbstract) to createHttpServer.
 */
export function createRateLimiter(perMinute: number): RateLimiterAbstract | undefined {
  return perMinute > 0 ? new RateLimiterMemory({ keyPrefix: "tessera", points: perMinute, duration: 60 }) : undefined;
}

/** Whose budget a request spends: the API key, the user, or the client address. */
export function rateLimitKey(principal: Principal, req: IncomingMessage, trustProxy = env().TESSERA_TRUST_PROXY): string {
  if (principal.kind === "PARTNER") return `key:${principal.keyId}`;
  if (principal.kind === "USER") return `user:${principal.id}`;
  const forwarded = trustProxy ? String(req.headers["x-forwarded-for"] ?? "").split(",")[0]!.trim() : "";
  return `ip:${forwarded || req.socket.remoteAddress || "unknown"}`;
}

/** Spends one point of `key`'s budget, or throws RATE_LIMITED (HTTP 429, Retry-After in seconds). */
export async function consumeRateLimit(limiter: RateLimiterAbstract | undefined, key: string): Promise<void> {
  if (!limiter) return;
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection; // the store failed: not the caller's fault
    const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw new GraphQLError(`Rate limit of ${limiter.points} requests per ${limiter.duration} s reached; retry after ${retryAfter} s`, {
      extensions: { code: ErrorCode.RATE_LIMITED, retryAfter, http: { status: 429, headers: new HeaderMap([["retry-after", String(retryAfter)]]) } },
    });
  }
}
