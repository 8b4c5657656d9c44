import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/app.js";
import { insertCustomers, insertGrants } from "../../test/builders.js";
import { approveAsSecondAdmin } from "../../test/four-eyes.js";
import { startDispatcher, type Dispatcher } from "./webhook.dispatcher.js";
// The example partner app of examples/partner (README.md), used as a partner would use it.
// @ts-expect-error: plain JavaScript example without type declarations
import { customersPage, partnerClient, registerWebhook } from "../../../../../examples/partner/client.mjs";
// @ts-expect-error: plain JavaScript example without type declarations
import { createReceiver } from "../../../../../examples/partner/receiver.mjs";

let app: TestApp;
let dispatcher: Dispatcher;
let receiver: import("node:http").Server | undefined;
beforeAll(async () => {
  app = await startTestApp();
  dispatcher = await startDispatcher(app.database, { url: app.database.url, baseMs: 50, pollMs: 25 });
});
afterAll(async () => {
  await dispatcher?.stop();
  receiver?.closeAllConnections();
  await new Promise((r) => (receiver ? receiver.close(r) : r(undefined)));
  await app?.close();
});

it("the example partner reads customers with Apollo Client, registers its webhook and receives a verified withdrawal", async () => {
  const created = await app.gql(`mutation { createPartnerApp(name: "example-partner", purposes: [MARKETING], fields: ["Customer.name"]) { id } }`, {}, { as: "ADMIN" });
  await approveAsSecondAdmin(app, created.data!.createPartnerApp.id); // four eyes: its keys work once approved
  const key = (await app.gql(`mutation($id: ID!) { createApiKey(partnerId: $id) { key } }`, { id: created.data!.createPartnerApp.id }, { as: "ADMIN" })).data!.createApiKey.key;
  const [customerId] = await insertCustomers(app.database.db, 1, { name: "Example Reader" });
  await insertGrants(app.database.db, [customerId!], "MARKETING");

  const client = partnerClient({ url: `${app.url}/graphql`, apiKey: key, purpose: "MARKETING" });
  const page = await customersPage(client, { first: 10 });
  expect(page.edges.map((e: any) => e.node)).toEqual([{ __typename: "Customer", id: customerId, name: "Example Reader", phone: null, region: null }]);

  const events: any[] = [];
  receiver = await new Promise((resolve) => {
    const server = createReceiver({ secret: "", onEvent: (e: unknown) => events.push(e) });
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
  const url = `http://127.0.0.1:${(receiver!.address() as AddressInfo).port}/webhook`;
  const { secret } = await registerWebhook(client, url);
  // The receiver was started before the secret existed: restart it with the secret, as the README does.
  await new Promise((r) => receiver!.close(r));
  receiver = await new Promise((resolve) => {
    const server = createReceiver({ secret, onEvent: (e: unknown) => events.push(e) });
    server.listen(Number(new URL(url).port), "127.0.0.1", () => resolve(server));
  });
  // A forged request is refused.
  const forged = await fetch(url, { method: "POST", headers: { "tessera-signature": `t=${Math.floor(Date.now() / 1000)},v1=00` }, body: "{}" });
  expect(forged.status).toBe(401);

  await app.gql(`mutation($c: ID!) { recordConsent(input: { customerId: $c, purpose: MARKETING, status: WITHDRAWN, source: APP, policyVersion: "2026-03" }) { id } }`, { c: customerId });
  const end = Date.now() + 15_000;
  while (!events.length && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  expect(events).toMatchObject([{ type: "CONSENT_CHANGED", customerId, data: { purpose: "MARKETING", status: "WITHDRAWN" } }]);
});
