/**
 * PostgreSQL stopped for 10 s under load (issue "run it in production", done-when): every request
 * is answered — data before and after, UNAVAILABLE (503) during, never INTERNAL or a hang — no
 * acknowledged write is lost, and the same server recovers without a restart.
 *
 * The outage is made by a loopback TCP proxy between the API and the real PostgreSQL server: while
 * it is "stopped" it resets every open connection and refuses new ones, which is what the driver
 * sees when the server stops. (Stopping the shared server itself would break the other test files
 * running beside this one.) PostgreSQL project only: PGlite runs in-process and cannot go away.
 */
import { connect, createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inArray } from "drizzle-orm";
import { interactions } from "../modules/interaction/interaction.table.js";
import { insertCustomers } from "../test/builders.js";
import { startTestApp, type TestApp } from "../test/app.js";
import { TEST_POSTGRES_URL } from "../test/database.js";

const postgresProject = process.env.TESSERA_TEST_DB === "postgres";
const OUTAGE_MS = 10_000;

/** A TCP proxy to PostgreSQL that can be stopped (connections reset, new ones refused) and started again on the same port. */
class CuttableProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}

  async start() {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
        socket.on("error", () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, "127.0.0.1", resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  async stop() {
    const closed = new Promise((resolve) => this.server?.close(resolve));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

type Outcome = { kind: "read" | "write"; status: number; code?: string; externalId?: string; acknowledged: boolean; at: number };

describe.runIf(postgresProject)("PostgreSQL stopped for 10 s under load", () => {
  const target = new URL(TEST_POSTGRES_URL);
  const proxy = new CuttableProxy({ host: target.hostname, port: Number(target.port || 5432) });
  let app: TestApp;
  let customerId: string;

  beforeAll(async () => {
    await proxy.start();
    app = await startTestApp({
      rateLimiter: null,
      requestTimeoutMs: 5_000,
      serverDatabaseUrl: (url) => url.replace(/@[^/]+\//, `@127.0.0.1:${proxy.port}/`),
    });
    [customerId] = await insertCustomers(app.database.db, 1);
  });
  afterAll(async () => {
    await app?.close();
    await proxy.stop();
  });

  it("answers every request (UNAVAILABLE during), loses no acknowledged write, and recovers without a restart", async () => {
    const started = performance.now();
    let stopLoad = false;
    const outcomes: Outcome[] = [];
    const unanswered: string[] = [];
    const read = `query($id: ID!) { customer(id: $id) { id name } }`;
    const write = `mutation($input: LogInteractionInput!) { logInteraction(input: $input) { id } }`;

    const worker = async (w: number) => {
      for (let i = 0; !stopLoad; i++) {
        const externalId = `outage-${w}-${i}`;
        const isWrite = i % 2 === 1;
        try {
          const res = isWrite
            ? await app.gql(write, { input: { customerId, channel: "HALL", type: "TRANSACTION", summary: "plan change", externalId } })
            : await app.gql(read, { id: customerId });
          const acknowledged = Boolean((isWrite ? res.data?.logInteraction : res.data?.customer)?.id) && !res.errors;
          outcomes.push({ kind: isWrite ? "write" : "read", status: res.status, code: res.errors?.[0]?.extensions?.code, externalId: isWrite ? externalId : undefined, acknowledged, at: performance.now() - started });
        } catch (error) {
          unanswered.push(String((error as Error).cause ?? error));
        }
        if (!isWrite) await new Promise((r) => setTimeout(r, 20));
      }
    };

    const load = Promise.all([0, 1, 2, 3].map(worker));
    await new Promise((r) => setTimeout(r, 3_000));
    const downAt = performance.now() - started;
    await proxy.stop();
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    await proxy.start();
    const upAt = performance.now() - started;
    // Keep the load on until enough requests have run from two seconds after the database came back.
    for (let waited = 0; waited < 30_000 && outcomes.filter((o) => o.at > upAt + 2_000).length < 20; waited += 100) await new Promise((r) => setTimeout(r, 100));
    stopLoad = true;
    await load;

    expect(unanswered).toEqual([]);
    // Only data or UNAVAILABLE: never INTERNAL, never another status.
    const other = outcomes.filter((o) => !(o.acknowledged && o.status === 200) && !(o.status === 503 && o.code === "UNAVAILABLE"));
    expect(other).toEqual([]);
    const during = outcomes.filter((o) => o.at > downAt + 500 && o.at < upAt);
    expect(during.length).toBeGreaterThan(10);
    expect(during.every((o) => o.code === "UNAVAILABLE")).toBe(true);
    // Recovered on its own: everything from two seconds after the database came back succeeded.
    const after = outcomes.filter((o) => o.at > upAt + 2_000);
    expect(after.length).toBeGreaterThanOrEqual(20);
    expect(after.every((o) => o.acknowledged)).toBe(true);
    expect(outcomes.filter((o) => o.at < downAt && o.acknowledged).length).toBeGreaterThan(5);

    // Every acknowledged write is in the database.
    const acknowledged = outcomes.filter((o) => o.kind === "write" && o.acknowledged).map((o) => o.externalId!);
    const stored = await app.database.db.select({ externalId: interactions.externalId }).from(interactions).where(inArray(interactions.externalId, acknowledged));
    expect(new Set(stored.map((r) => r.externalId))).toEqual(new Set(acknowledged));
  }, 90_000);
});
