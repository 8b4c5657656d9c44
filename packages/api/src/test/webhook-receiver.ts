import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A webhook receiver on loopback, as a partner runs one: records every request, answers as told. */
export interface Received {
  headers: IncomingMessage["headers"];
  raw: string;
  body: { id: string; type: string; customerId: string; data: Record<string, unknown>; customer: Record<string, unknown> | null };
}
export class Receiver {
  received: Received[] = [];
  /** Status to answer the next requests with (shifted per request); 200 once empty. */
  failures: number[] = [];
  /** While set, requests are held open until released (a slow receiver). */
  hold: Promise<void> | undefined;
  server!: Server;
  url = "";
  async start() {
    this.server = createServer((req, res) => {
      let raw = "";
      req.on("data", (c) => (raw += c));
      req.on("end", async () => {
        this.received.push({ headers: req.headers, raw, body: JSON.parse(raw) });
        if (this.hold) await this.hold;
        res.statusCode = this.failures.shift() ?? 200;
        res.end();
      });
    });
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }
  about(customerId: string, type?: string) {
    return this.received.filter((r) => r.body.customerId === customerId && (!type || r.body.type === type));
  }
  close() {
    this.server.closeAllConnections();
    return new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** Polls `probe` until it answers something truthy, or fails after `ms`. */
export async function until<T>(probe: () => T | undefined | false | 0 | Promise<T | undefined | false | 0>, what: string, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
