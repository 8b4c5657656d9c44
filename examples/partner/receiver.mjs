// A partner's webhook receiver: verifies Tessera-Signature, drops repeated Idempotency-Keys, answers 2xx.
// Run: WEBHOOK_SECRET=whsec_… PORT=8787 node receiver.mjs
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";

/** True when `header` (t=<unix>,v1=<hex>) is the HMAC-SHA256 of "t.body" under `secret`, made within 5 minutes. */
export function verify(secret, body, header = "") {
  const { t, v1 = "" } = Object.fromEntries(header.split(",").map((kv) => kv.split("=")));
  if (!t || Math.abs(Date.now() / 1000 - Number(t)) > 300) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return v1.length === expected.length && timingSafeEqual(Buffer.from(v1), Buffer.from(expected));
}

/** An HTTP server calling `onEvent(event)` once per event id; a bad signature is answered 401. */
export function createReceiver({ secret, onEvent }) {
  const seen = new Set(); // A real receiver keeps these in its database.
  return createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", async () => {
      if (!verify(secret, body, req.headers["tessera-signature"])) {
        res.writeHead(401).end();
        return;
      }
      const key = req.headers["idempotency-key"];
      if (!seen.has(key)) {
        seen.add(key);
        await onEvent(JSON.parse(body));
      }
      res.writeHead(204).end();
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const secret = process.env.WEBHOOK_SECRET;
  if (!secret) {
    console.error("Set WEBHOOK_SECRET to the secret createWebhook answered (node client.mjs --register …).");
    process.exit(1);
  }
  const port = Number(process.env.PORT ?? 8787);
  createReceiver({ secret, onEvent: (e) => console.log(e.type, e.customerId, JSON.stringify(e.data), e.customer ?? "") }).listen(port, "127.0.0.1", () =>
    console.log(`Listening on http://127.0.0.1:${port}/webhook`),
  );
}
