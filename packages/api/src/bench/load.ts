import { Worker } from "node:worker_threads";

/** One bounded, closed-loop load run against one endpoint (see `runLoad`). */
export interface LoadJob {
  port: number;
  path: string;
  headers: Record<string, string>;
  /** Request bodies, used in turn. */
  bodies: string[];
  /** When set, every occurrence in a body is replaced by the request's sequence number (fresh ids per request). */
  seqToken?: string;
  /** Sequence number of the first request (continue it across a warm-up and a measured run). */
  seqStart: number;
  /** Requests to send; the run also stops when `durationMs` has passed (requests in flight finish). */
  requests: number;
  durationMs: number;
  concurrency: number;
}

export interface LoadResult {
  /** Latency of each measured request, milliseconds, in completion order. */
  latencies: Float64Array;
  completed: number;
  /** Responses that were not HTTP 200 or carried GraphQL errors. */
  errors: number;
  firstError?: string;
  elapsedMs: number;
  bytes: number;
}

/**
 * The load client. It runs in a worker thread so that sending requests and reading responses
 * does not compete with the server for the main thread's event loop: the server under test
 * owns the main thread, as it would in production. The function is shipped to the worker as
 * source text (the CLI is one bundled file), so it must not reference anything outside itself;
 * it gets `require` as a parameter (a bundler would rewrite a free `require`).
 */
function clientWorker(load: (id: string) => unknown): void {
  const { parentPort } = load("node:worker_threads") as typeof import("node:worker_threads");
  const http = load("node:http") as typeof import("node:http");

  const run = async (job: LoadJob): Promise<LoadResult> => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
    let seq = job.seqStart;
    const send = (): Promise<{ ms: number; ok: boolean; size: number; error?: string }> =>
      new Promise((resolve) => {
        const n = seq++;
        let body = job.bodies[n % job.bodies.length]!;
        if (job.seqToken) body = body.replaceAll(job.seqToken, String(n));
        const started = performance.now();
        const req = http.request(
          { host: "127.0.0.1", port: job.port, path: job.path, method: "POST", agent, headers: { ...job.headers, "content-length": Buffer.byteLength(body) } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => {
              const ms = performance.now() - started;
              const text = Buffer.concat(chunks).toString("utf8");
              // GraphQL errors always carry a message first; a result's own `errors` list (ingestion) does not count.
              const ok = res.statusCode === 200 && !text.includes('"errors":[{"message"');
              resolve({ ms, ok, size: text.length, error: ok ? undefined : `HTTP ${res.statusCode}: ${text.slice(0, 400)}` });
            });
            res.on("error", (e: Error) => resolve({ ms: performance.now() - started, ok: false, size: 0, error: e.message }));
          },
        );
        req.on("error", (e: Error) => resolve({ ms: performance.now() - started, ok: false, size: 0, error: e.message }));
        req.end(body);
      });

    const latencies: number[] = [];
    let errors = 0;
    let bytes = 0;
    let firstError: string | undefined;
    let left = job.requests;
    const started = performance.now();
    const deadline = started + job.durationMs;
    await Promise.all(
      Array.from({ length: job.concurrency }, async () => {
        while (left > 0 && performance.now() < deadline) {
          left--;
          const r = await send();
          latencies.push(r.ms);
          bytes += r.size;
          if (!r.ok) {
            errors++;
            firstError ??= r.error;
          }
        }
      }),
    );
    const elapsedMs = performance.now() - started;
    agent.destroy();
    return { latencies: Float64Array.from(latencies), completed: latencies.length, errors, firstError, elapsedMs, bytes };
  };

  parentPort!.on("message", (job: LoadJob) => {
    run(job).then(
      (result) => parentPort!.postMessage({ result }, [result.latencies.buffer as ArrayBuffer]),
      (error: Error) => parentPort!.postMessage({ error: error.message }),
    );
  });
}

/** A load-generating worker thread; one job at a time. */
export class LoadClient {
  private readonly worker = new Worker(`(${clientWorker.toString()})(require)`, { eval: true });

  run(job: LoadJob): Promise<LoadResult> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: { result?: LoadResult; error?: string }) => {
        this.worker.off("error", onError);
        if (message.result) resolve(message.result);
        else reject(new Error(`load client failed: ${message.error}`));
      };
      const onError = (error: Error) => {
        this.worker.off("message", onMessage);
        reject(error);
      };
      this.worker.once("message", onMessage);
      this.worker.once("error", onError);
      this.worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
