import type { Database } from "../db/client.js";
import { logger } from "../lib/logger.js";
import type { Principal } from "../privacy/principal.js";

/** The channel migration 0025 announces every change to users, api_keys and partner_apps on. */
export const ACCESS_CHANNEL = "tessera_access";

/**
 * Who a credential is, remembered for a moment (`ttlMs`) so that a client sending many requests
 * is checked against the database once per moment instead of once per request: the check was
 * one of a customer read's two statements.
 *
 * What stays exact:
 * - Any change to the rows a principal is read from (a user disabled, a role or password
 *   changed, a key revoked, an app's purposes or allowlist edited, by this process, another
 *   replica, the CLI or plain SQL) ends every remembered principal: a trigger announces it on
 *   ACCESS_CHANNEL and every process listening forgets. A mutation answered by this process also
 *   forgets before its answer leaves (`forget`), so its caller's next request is checked afresh
 *   even before the announcement arrives.
 * - Nothing is remembered until listening has started, and listening (re)starting forgets
 *   everything: announcements made while the connection was down are lost.
 * - A check that started before a change and ends after it is not remembered (`generation`).
 * - Only successful checks are remembered; a refused credential is checked every time.
 * What is not: if the listening connection dies without the driver noticing, a change reaches
 * this process after at most `ttlMs`, the bound the cache never exceeds.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, { principal: Principal; until: number }>();
  private generation = 0;
  private listening = false;
  private stop?: () => Promise<void>;
  private retry?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    /** How long to wait before trying to listen again after a failure. */
    private readonly retryMs = 5_000,
  ) {}

  /**
   * Starts listening for access changes; remembers nothing before it has (or when ttlMs is 0).
   * A failure (the database unreachable at start) is retried every `retryMs` until it listens.
   */
  async watch(database: Database): Promise<void> {
    if (this.ttlMs <= 0 || this.closed) return;
    try {
      this.stop = await database.listen(ACCESS_CHANNEL, () => {
        this.listening = true;
        this.forget();
      });
      if (this.closed) await this.close();
    } catch (error) {
      // Without announcements a remembered principal could outlive a change: check every request meanwhile.
      logger.warn({ err: (error as Error).message, retryMs: this.retryMs }, "cannot listen for access changes; every request checks its credential until listening starts");
      this.retry = setTimeout(() => void this.watch(database), this.retryMs);
      this.retry.unref();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    this.listening = false;
    this.forget();
    await this.stop?.().catch(() => {});
  }

  /** Ends every remembered principal (an access change, or an answered mutation that may have made one). */
  forget(): void {
    this.generation++;
    this.entries.clear();
  }

  /**
   * The principal `check` answers for `key` (which credential, and everything its answer depends
   * on: an API key itself, or a session's user and session version), remembered when it can be.
   */
  async resolve(key: string, check: () => Promise<Principal | undefined>): Promise<Principal | undefined> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.principal;
    const generation = this.generation;
    const principal = await check();
    if (principal && this.listening && generation === this.generation) {
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(key, { principal: Object.freeze(principal), until: now + this.ttlMs });
    }
    return principal;
  }
}
