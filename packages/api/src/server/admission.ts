/**
 * A fair share of the database for every caller: at most `limit` GraphQL requests execute at once
 * (PGlite runs one statement at a time, a PostgreSQL pool has a few connections) and one caller
 * holds at most `perKey` of those slots, so a client sending many slow requests queues behind
 * itself instead of in front of everyone else. Waiters are admitted in arrival order among the keys
 * that are under their share.
 */
export class Admission {
  private running = 0;
  private readonly perKeyRunning = new Map<string, number>();
  private readonly waiting: { key: string; admit: () => void }[] = [];

  constructor(
    readonly limit: number,
    readonly perKey: number,
  ) {}

  /**
   * Resolves with a release function once `key` may run (call it once when done); rejects with the
   * signal's reason if the request is given up (its deadline passed) while still waiting.
   */
  enter(key: string, signal?: AbortSignal): Promise<() => void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const admit = () => {
        this.running++;
        this.perKeyRunning.set(key, (this.perKeyRunning.get(key) ?? 0) + 1);
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.running--;
          const left = this.perKeyRunning.get(key)! - 1;
          if (left) this.perKeyRunning.set(key, left);
          else this.perKeyRunning.delete(key);
          this.next();
        });
      };
      const waiter = { key, admit };
      this.waiting.push(waiter);
      signal?.addEventListener(
        "abort",
        () => {
          const index = this.waiting.indexOf(waiter);
          if (index >= 0) {
            this.waiting.splice(index, 1);
            reject(signal.reason);
          }
        },
        { once: true },
      );
      this.next();
    });
  }

  /** Requests executing now, and waiting for a slot (for /metrics). */
  get stats() {
    return { running: this.running, waiting: this.waiting.length };
  }

  private next() {
    while (this.running < this.limit) {
      const index = this.waiting.findIndex((w) => (this.perKeyRunning.get(w.key) ?? 0) < this.perKey);
      if (index < 0) return;
      this.waiting.splice(index, 1)[0]!.admit();
    }
  }
}
