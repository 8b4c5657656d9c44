/**
 * The console in a real browser against the real API: `tessera serve --demo` on a fresh
 * embedded database (migrated and seeded with 2,000 customers), Debian's Chromium driven by
 * playwright-core, and the built console from dist/ as the API serves it in production.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MENUS } from "../src/providers/roles";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, "../../..");
// Screenshots go to a temporary folder so a test run never rewrites committed files;
// `pnpm --filter @tessera/admin screenshots` sets TESSERA_SCREENSHOTS_DIR to refresh docs/screenshots.
const SCREENSHOTS_DIR = process.env.TESSERA_SCREENSHOTS_DIR ? resolve(process.env.TESSERA_SCREENSHOTS_DIR) : undefined;
let screenshots = "";
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

// `serve --demo` creates the demo users (admin, steward, agent, analyst, auditor) with
// TESSERA_DEMO_PASSWORD; each role signs in in its own browser context (its own session).
// TESSERA_E2E_URL runs the suite against a server already up (with its demo password) instead.
const EXTERNAL_URL = process.env.TESSERA_E2E_URL;
const DEMO_PASSWORD = EXTERNAL_URL ? (process.env.TESSERA_DEMO_PASSWORD ?? "tessera-demo") : `e2e-${randomBytes(8).toString("hex")}`;

let server: ChildProcess | undefined;
let serverOutput = "";
let dataDir = "";
let baseUrl = "";
let browser: Browser;
const contexts: BrowserContext[] = [];
/** The steward's page: most of the walk-through happens here. */
let page: Page;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilReady(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server?.exitCode != null) throw new Error(`tessera serve exited with ${server.exitCode}:\n${serverOutput}`);
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`tessera serve was not ready after ${timeoutMs / 1000} s:\n${serverOutput}`);
}

const rows = (on: Page = page) => on.locator(".RaDataTable-table tbody tr");
const shot = (on: Page, name: string, fullPage = true) => on.screenshot({ path: join(screenshots, `${name}.png`), fullPage });

/** A fresh browser context (its own sessionStorage, so its own session) signed in as `username`. */
async function signIn(username: string, timeout = 20_000): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US", timezoneId: "Asia/Shanghai", acceptDownloads: true });
  contexts.push(context);
  const signedIn = await context.newPage();
  signedIn.setDefaultTimeout(timeout);
  await signedIn.goto(`${baseUrl}/`);
  await signedIn.locator('input[name="username"]').fill(username);
  await signedIn.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await signedIn.getByRole("button", { name: "Sign in" }).click();
  await signedIn.getByTestId("role-chip").waitFor();
  return signedIn;
}

const menu = async (on: Page) => {
  await on.locator(".RaMenuItemLink-root").first().waitFor();
  return (await on.locator(".RaMenuItemLink-root").allInnerTexts()).map((t) => t.trim());
};

/** The value line of a profile field (its label and catalog badge come first). */
const profileValue = async (on: Page, field: string) => ((await on.getByTestId(`field-${field}`).innerText()).split("\n").filter(Boolean).at(-1) ?? "").trim();

/** What the steward saw of the customer, to prove other roles do not see it. */
const known = { id: "", name: "", phone: "", email: "", nationalId: "", address: "" };

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  if (!existsSync(join(here, "../dist/index.html"))) throw new Error("The console is not built: run `pnpm --filter @tessera/admin build`");
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  screenshots = SCREENSHOTS_DIR ?? (await mkdtemp(join(tmpdir(), "tessera-screenshots-")));
  await mkdir(screenshots, { recursive: true });
  if (EXTERNAL_URL) {
    baseUrl = EXTERNAL_URL.replace(/\/$/, "");
    return;
  }
  dataDir = await mkdtemp(join(tmpdir(), "tessera-e2e-"));
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, [join(here, "../../api/bin/tessera.mjs"), "serve", "--demo", "--port", String(port)], {
    cwd: repoRoot,
    env: { ...process.env, TESSERA_DATA_DIR: dataDir, TESSERA_SECRET: randomBytes(32).toString("base64url"), TESSERA_DEMO_PASSWORD: DEMO_PASSWORD, LOG_LEVEL: "warn", PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout!.on("data", (chunk: Buffer) => (serverOutput += chunk.toString()));
  server.stderr!.on("data", (chunk: Buffer) => (serverOutput += chunk.toString()));
  await waitUntilReady(baseUrl, 200_000);
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  if (server && server.exitCode == null) {
    const exited = new Promise((resolve) => server!.once("exit", resolve));
    server.kill("SIGTERM");
    const timer = setTimeout(() => server!.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  if (screenshots && !SCREENSHOTS_DIR) await rm(screenshots, { recursive: true, force: true });
});

describe("the console as a data steward", () => {
  it("signs in, shows the steward's menu and lists customers", async () => {
    page = await signIn("steward");
    expect(await menu(page)).toEqual(["Customers", "Possible duplicates", "Cases", "Care tasks", "My key accounts", "Data-subject requests", "Import data"]);
    await expect.poll(() => rows().count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId("page-indicator").textContent()).toMatch(/^Page 1 of \d+$/);
    await shot(page, "customers-list", false);
  });

  it("pages forward and back over keyset cursors", async () => {
    const firstName = await rows().first().locator(".column-name").textContent();
    await page.getByRole("button", { name: "Go to next page" }).click();
    await expect.poll(() => page.getByTestId("page-indicator").textContent()).toMatch(/^Page 2 of/);
    await expect.poll(() => rows().first().locator(".column-name").textContent()).not.toBe(firstName);
    await page.getByRole("button", { name: "Go to previous page" }).click();
    await expect.poll(() => rows().first().locator(".column-name").textContent()).toBe(firstName);
  });

  it("finds a customer by phone number", async () => {
    // Active customers have subscriptions, consents and interactions to show.
    await page.goto(`${baseUrl}/#/customers?filter=${encodeURIComponent(JSON.stringify({ status: "ACTIVE" }))}`);
    await expect.poll(() => rows().first().locator(".column-status").textContent()).toBe("Active");
    known.phone = ((await rows().first().locator(".column-phone").textContent()) ?? "").trim();
    expect(known.phone).toMatch(/^\+\d{8,15}$/);
    await page.locator('input[name="q"]').fill(known.phone);
    await expect.poll(() => rows().count()).toBe(1);
    await expect.poll(() => rows().first().locator(".column-phone").textContent()).toBe(known.phone);
  });

  it("opens the customer 360 with catalog badges on personal fields", async () => {
    await rows().first().click();
    await page.waitForURL(/#\/customers\/[^/]+\/show$/);
    known.id = /customers\/([^/]+)\/show/.exec(page.url())![1]!;
    for (const tab of ["Profile", "Identifiers", "Subscriptions", "Consents", "Interactions", "Cases", "Feedback", "Insight", "Access log"]) {
      await page.getByRole("tab", { name: tab, exact: true }).waitFor();
    }
    await page.getByTestId("field-nationalId").waitFor();
    await expect.poll(() => page.getByTestId("badge-Customer.nationalId").textContent()).toBe("Sensitive");
    expect(await page.getByTestId("badge-Customer.phone").textContent()).toBe("Contact");
    expect(await page.getByTestId("badge-Customer.name").textContent()).toBe("Direct identifier");
    // The steward reads the full record: nothing is masked.
    expect(await page.locator('[data-testid^="masked-"]').count()).toBe(0);
    for (const field of ["name", "email", "nationalId", "address"] as const) known[field] = await profileValue(page, field);
    expect(await profileValue(page, "phone")).toBe(known.phone);
    expect(known.nationalId).toMatch(/^\d{17}[\dX]$/);
    await shot(page, "customer-show");
  });

  it("shows the API's field error for an invalid phone, then saves the new address", async () => {
    await page.getByRole("link", { name: "Edit" }).click();
    await page.waitForURL(/#\/customers\/[^/]+$/);
    const address = `Room ${Math.floor(Math.random() * 9000) + 1000}, 88 Century Avenue, Pudong`;
    await page.locator('input[name="address"]').fill(address);
    await page.locator('input[name="phone"]').fill("12345");
    await page.getByRole("button", { name: "Save" }).click();
    // The API's BAD_USER_INPUT problem for input.phone, shown under the phone input.
    const phoneInput = page.locator(".MuiFormControl-root", { has: page.locator('input[name="phone"]') });
    await phoneInput.locator(".MuiFormHelperText-root").getByText(/is not a valid mobile number/).waitFor();
    await shot(page, "customer-edit-error", false);

    await page.locator('input[name="phone"]').fill(known.phone);
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(/#\/customers\/[^/]+\/show$/);
    await page.getByText(address).waitFor();
    known.address = address;
  });

  it("records a withdrawn marketing consent and sees it at the top of the ledger", async () => {
    await page.getByRole("tab", { name: "Consents" }).click();
    await page.getByTestId("consent-timeline").waitFor();
    await page.getByRole("button", { name: "Record consent" }).click();
    const dialog = page.getByRole("dialog");
    const choose = async (label: string, option: string) => {
      await dialog.getByRole("combobox", { name: label }).click();
      await page.getByRole("option", { name: option, exact: true }).click();
    };
    await choose("Purpose", "Marketing");
    await choose("Channel", "SMS");
    await choose("Decision", "Withdrawn");
    await choose("Source", "Hotline");
    await dialog.locator('input[name="policyVersion"]').fill("2026.2");
    await dialog.locator('textarea[name="notice"]').fill("Customer called the hotline and asked to stop marketing SMS.");
    await dialog.getByRole("button", { name: "Record" }).click();
    await dialog.waitFor({ state: "detached" });
    const newest = page.getByTestId("consent-timeline-item").first();
    await expect.poll(() => newest.innerText()).toMatch(/Marketing · SMS · Withdrawn/);
    expect(await newest.innerText()).toMatch(/Notice version 2026\.2/);
    expect(await newest.innerText()).toMatch(/via Hotline · recorded by user:steward/);
    await shot(page, "customer-consents");
  });

  it("logs an interaction and shows usage as a chart", async () => {
    await page.getByRole("tab", { name: "Interactions" }).click();
    await page.getByRole("button", { name: "Log interaction" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.locator('textarea[name="summary"]').fill("Asked why marketing SMS continued; consent withdrawn on the call.");
    await dialog.getByRole("button", { name: "Log", exact: true }).click();
    await dialog.waitFor({ state: "detached" });
    await expect.poll(() => page.getByTestId("interaction-timeline-item").first().innerText()).toMatch(/consent withdrawn on the call/);
    await shot(page, "customer-interactions");

    await page.getByRole("tab", { name: "Subscriptions" }).click();
    await page.getByTestId("usage-chart").locator(".recharts-surface").first().waitFor();
    await shot(page, "customer-subscriptions");
  });

  it("shows the insight tab and the customer's access log", async () => {
    await page.getByRole("tab", { name: "Insight" }).click();
    await page.getByTestId("insight").or(page.getByRole("alert")).first().waitFor();
    await shot(page, "customer-insight", false);
    await page.getByRole("tab", { name: "Access log" }).click();
    await page.getByTestId("access-log").getByText("user:steward").first().waitFor();
  });

  it("works the case queue with SLA countdowns", async () => {
    await page.goto(`${baseUrl}/#/cases`);
    await expect.poll(() => rows().count()).toBeGreaterThan(0);
    await expect.poll(() => rows().first().getByTestId("sla-countdown").textContent()).toMatch(/^(due in|overdue by) /);
    await shot(page, "cases-queue", false);
    // An assigned case: the closed loop allows starting work on it.
    await page.goto(`${baseUrl}/#/cases?filter=${encodeURIComponent(JSON.stringify({ status: ["ASSIGNED"] }))}`);
    await expect.poll(() => rows().first().locator(".column-status").textContent()).toBe("Assigned");
    await rows().first().locator(".column-subject").click();
    await page.getByTestId("case-actions").getByRole("button", { name: "Start work" }).click();
    await page.getByRole("dialog").locator('textarea[name="note"]').fill("Called the customer back; investigating.");
    await page.getByRole("dialog").getByRole("button", { name: "Confirm" }).click();
    await page.getByText("Start work: Assigned → In progress").waitFor();
    await page.getByTestId("case-actions").getByRole("button", { name: "Resolve" }).waitFor();
    await shot(page, "case-show", false);
    await page.goto(`${baseUrl}/#/careTasks`);
    await expect.poll(() => rows().count()).toBeGreaterThan(0);
    await shot(page, "care-tasks", false);
  });
});

describe("the console for data-subject rights", () => {
  it("records an access request, fulfils it and downloads the export", async () => {
    await page.goto(`${baseUrl}/#/customers/${known.id}/show`);
    await page.getByRole("link", { name: "Data-subject request" }).click();
    await page.waitForURL(/#\/dataSubjectRequests\/create/);
    await expect.poll(() => page.locator('input[name="customerId"]').inputValue()).toBe(known.id);
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(/#\/dataSubjectRequests\/[^/]+\/show$/);
    await page.getByTestId("sla-countdown").getByText(/^due in /).waitFor();
    await page.getByRole("button", { name: "Fulfil" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Confirm" }).click();
    const button = page.getByRole("button", { name: "Download export (JSON)" });
    await button.waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), button.click()]);
    const file = await download.path();
    const exported = JSON.parse(await readFile(file, "utf8"));
    expect(JSON.stringify(exported)).toContain(known.id);
    await shot(page, "data-subject-request", false);
  });
});

describe("the console as a service agent", () => {
  it("shows the agent's menu and the national id masked, with a lock saying why", async () => {
    const agent = await signIn("agent");
    expect(await menu(agent)).toEqual(["Customers", "Cases", "Care tasks", "My key accounts"]);
    await agent.goto(`${baseUrl}/#/customers/${known.id}/show`);
    await agent.getByTestId("field-nationalId").waitFor();
    const nationalId = await profileValue(agent, "nationalId");
    expect(nationalId).toMatch(/^\d{3}\*+[\dX]{4}$/);
    expect(nationalId).not.toBe(known.nationalId);
    await agent.getByTestId("masked-Customer.nationalId").hover();
    await agent.getByRole("tooltip", { name: "Masked for your role" }).waitFor();
    // Contact data stays in full for the agent.
    expect(await profileValue(agent, "phone")).toBe(known.phone);
    await shot(agent, "customer-agent-masked", false);
  });
});

describe("the console as an analyst", () => {
  it("shows the analyst's menu and no direct identifier anywhere on the customer's pages", async () => {
    const analyst = await signIn("analyst");
    expect(await menu(analyst)).toEqual(["Overview", "Customers", "Segments"]);
    // The overview's figures and charts, from the metrics aggregates.
    await analyst.getByTestId("overview").waitFor();
    await expect.poll(() => analyst.getByTestId("kpi-nps").innerText()).toMatch(/NPS\s+[+−-]?\d/);
    for (const chart of ["chart-tiers", "chart-churn", "chart-trend", "chart-consent"]) await analyst.getByTestId(chart).locator(".recharts-surface").first().waitFor();
    await analyst.mouse.move(0, 0); // no chart tooltip in the screenshot
    await shot(analyst, "dashboard");
    await analyst.goto(`${baseUrl}/#/customers`);
    await expect.poll(() => rows(analyst).count()).toBeGreaterThan(0);
    expect(await analyst.locator('input[name="q"]').count()).toBe(0);
    await analyst.goto(`${baseUrl}/#/customers/${known.id}/show`);
    await analyst.getByTestId("field-kind").waitFor();
    // The analyst sees the pseudonymous id where the steward saw the name, with a lock on what was withheld.
    await analyst.getByTestId("masked-Customer.name").waitFor();
    await shot(analyst, "customer-analyst", false);
    const secrets = [known.name, known.phone, known.phone.slice(-8), known.email, known.nationalId, known.address].filter((s) => s.length >= 4);
    for (const tab of ["Profile", "Subscriptions", "Consents", "Interactions", "Cases", "Feedback", "Insight"]) {
      await analyst.getByRole("tab", { name: tab, exact: true }).click();
      await analyst.waitForLoadState("networkidle");
      const text = await analyst.locator("body").innerText();
      for (const secret of secrets) expect(text, `${tab} shows ${secret}`).not.toContain(secret);
    }
  });
});

describe("the console's segment builder", () => {
  it("builds a segment of high-value customers at risk and lists its members pseudonymously", async () => {
    const analyst = await signIn("analyst");
    await analyst.goto(`${baseUrl}/#/segments/create`);
    await analyst.locator('input[name="name"]').fill("High value at risk");
    const condition = analyst.getByTestId("segment-condition");
    // The first condition defaults to Value tier = High value; add Churn risk level one of High, Medium.
    await analyst.getByRole("button", { name: "Condition" }).click();
    const second = condition.nth(1);
    await second.getByRole("combobox", { name: "Field" }).click();
    await analyst.getByRole("option", { name: "Churn risk level" }).click();
    await second.getByRole("combobox", { name: "Operator" }).click();
    await analyst.getByRole("option", { name: "∈ one of" }).click();
    await second.getByRole("combobox", { name: "Values" }).click();
    await analyst.getByRole("option", { name: "Medium" }).click();
    await analyst.keyboard.press("Escape");
    await expect.poll(() => analyst.getByTestId("segment-preview").innerText()).toBe("Value tier = High value AND Churn risk level ∈ High, Medium");
    await shot(analyst, "segment-builder", false);
    await analyst.getByRole("button", { name: "Save and count members" }).click();
    await analyst.waitForURL(/#\/segments\/[^/]+\/show$/);
    await expect.poll(() => analyst.getByTestId("segment-members").locator("tbody tr").count()).toBeGreaterThan(0);
    // Members are pseudonymous ids for the analyst, never names.
    const first = (await analyst.getByTestId("segment-members").locator("tbody tr td").first().innerText()).trim();
    expect(first).toMatch(/^[0-9a-f]{8}$/);
    await shot(analyst, "segment-members", false);
  });
});

describe("the console as an auditor", () => {
  it("shows the auditor's menu and finds the steward's and agent's access in the audit log", async () => {
    const auditor = await signIn("auditor");
    expect(await menu(auditor)).toEqual(["Audit log", "Data-subject requests", "Customers"]);
    await auditor.getByTestId("chain-banner").getByText(/Audit chain intact/).waitFor();
    await auditor.locator('input[name="customerId"]').fill(known.id);
    await expect.poll(async () => (await rows(auditor).locator(".column-principal").allInnerTexts()).join(" ")).toMatch(/user:agent/);
    expect((await rows(auditor).locator(".column-principal").allInnerTexts()).join(" ")).toMatch(/user:steward/);
    await shot(auditor, "audit-log", false);
    await auditor.goto(`${baseUrl}/#/dataSubjectRequests`);
    await auditor.locator(".RaList-main").waitFor();
    await shot(auditor, "data-subject-requests", false);
  });
});

describe("the console as an administrator", () => {
  it("shows the admin's menu, users, and issues a partner key shown once", async () => {
    const admin = await signIn("admin");
    expect(await menu(admin)).toEqual(expect.arrayContaining(["Overview", "Users", "Partner apps & keys", "Customers", "Audit log"]));
    await admin.goto(`${baseUrl}/#/users`);
    await expect.poll(() => rows(admin).count()).toBeGreaterThanOrEqual(5);
    await shot(admin, "users", false);
    await admin.goto(`${baseUrl}/#/partnerApps`);
    // The users rows stay on screen until the partner-app list has rendered: wait for a column
    // only partner apps have before clicking the first row.
    await admin.locator(".column-allowedPurposes").first().waitFor();
    await rows(admin).first().click();
    await admin.getByRole("button", { name: "Issue key" }).click();
    await expect.poll(() => admin.getByTestId("issued-key").textContent()).toMatch(/^tsk_/);
    await admin.waitForTimeout(400); // the dialog's fade-in
    await shot(admin, "partner-key-issued", false);
    await admin.getByRole("button", { name: "I have stored it" }).click();
  });
});

describe("the console's pending approvals (four eyes)", () => {
  it("shows what a grant widens; its requester is refused, a second admin approves it", async () => {
    const admin = await signIn("admin");
    expect(await menu(admin)).toContain("Pending approvals");
    const username = `e2e.steward.${Date.now()}`;
    await gqlAs(admin, `mutation($u: String!) { createUser(username: $u, role: STEWARD, password: "correct horse battery") { id } }`, { u: username });
    await admin.getByRole("menuitem", { name: "Pending approvals" }).click();
    const card = admin.getByTestId("grant-request").filter({ hasText: username });
    await expect.poll(() => card.getByTestId("grant-role").innerText()).toBe("New user with the role Data steward");
    expect(await card.innerText()).toMatch(/Contact: in full[\s\S]*Free text/);
    await card.getByTestId("grant-mine").waitFor();
    await card.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => card.getByTestId("grant-error").innerText()).toMatch(/You asked for this change yourself[\s\S]*FORBIDDEN/);
    await admin.setViewportSize({ width: 1280, height: 900 });
    await shot(admin, "grants-own-refused", false);
    await admin.setViewportSize({ width: 800, height: 900 });
    await shot(admin, "grants-own-refused-800", false);

    const second = await signIn("admin2");
    await second.goto(`${baseUrl}/#/grants`);
    const theirs = second.getByTestId("grant-request").filter({ hasText: username });
    await theirs.getByRole("button", { name: "Approve" }).click();
    await theirs.waitFor({ state: "detached" });
    const users = await gqlAs(second, `{ users { username awaitingApproval } }`, {});
    expect(users.users.find((u: { username: string }) => u.username === username)).toEqual({ username, awaitingApproval: false });
  }, 120_000);
});

describe("the console's import and export", () => {
  it("checks a customers file (rejected rows with line and reason), applies it, and exports the analyst's pseudonymous CSV", async () => {
    const steward = await signIn("steward");
    await steward.getByRole("menuitem", { name: "Import data" }).click();
    const run = Date.now();
    const csv = ["externalId,kind,name,phone,city,region", `E2E-${run}-1,INDIVIDUAL,周晓梅,+8613912345671,Wuhan,Hubei`, `E2E-${run}-2,INDIVIDUAL,Bad Phone,12345,,`, `E2E-${run}-3,ENTERPRISE,武汉光谷物流有限公司,,Wuhan,Hubei`];
    await steward.getByTestId("import-file").setInputFiles({ name: "customers.csv", mimeType: "text/csv", buffer: Buffer.from(`${csv.join("\r\n")}\r\n`) });
    await steward.getByRole("button", { name: "Check file" }).click();
    await expect.poll(() => steward.getByTestId("import-counts").innerText()).toMatch(/Read 3[\s\S]*Valid 2[\s\S]*Rejected 1/);
    expect(await steward.getByTestId("import-rejects").locator("tbody tr").innerText()).toMatch(/^3\s+phone\s+phone .*not a valid mobile number/);
    await steward.setViewportSize({ width: 1280, height: 900 });
    await shot(steward, "import-checked", false);
    await steward.setViewportSize({ width: 800, height: 900 });
    await shot(steward, "import-checked-800", false);
    await steward.getByRole("button", { name: "Apply" }).click();
    await expect.poll(() => steward.getByTestId("import-counts").innerText()).toMatch(/New 2[\s\S]*Rejected 1/);
    await steward.getByText(/^Imported Customers in/).waitFor();
    // A misspelt column refuses the whole file before any row is read, naming the column.
    await steward.getByTestId("import-file").setInputFiles({ name: "typo.csv", mimeType: "text/csv", buffer: Buffer.from(`externalId,nmae\r\nE2E-${run}-typo,Ann\r\n`) });
    await steward.getByRole("button", { name: "Check file" }).click();
    await expect.poll(() => steward.getByTestId("import-error").innerText()).toContain("nmae: is not a field of CustomerFeedInput");

    const analyst = await signIn("analyst");
    await analyst.goto(`${baseUrl}/#/customers`);
    const [download] = await Promise.all([analyst.waitForEvent("download"), analyst.getByRole("button", { name: "Export CSV" }).click()]);
    const [header, ...lines] = (await readFile(await download.path(), "utf8")).trim().split("\n");
    expect(header!.split(",")).toContain("id");
    expect(header!.split(",")).not.toContain("name");
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.join("\n")).not.toContain("周晓梅");
  }, 120_000);
});

/** A valid 18-digit resident id (GB 11643 check character), so the API accepts it. */
function residentId(serial: number): string {
  const body = `11010119800501${String(serial % 1000).padStart(3, "0")}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((total, digit, i) => total + Number(digit) * weights[i]!, 0);
  return body + "10X98765432"[sum % 11];
}

/** A GraphQL call from the page with the signed-in user's session (setting up data the walk-through needs). */
async function gqlAs(on: Page, query: string, variables: Record<string, unknown>) {
  const body = await on.evaluate(
    async ({ query, variables }) => {
      const { token } = JSON.parse(sessionStorage.getItem("tessera.session")!) as { token: string };
      const response = await fetch("/graphql", { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
      return response.json();
    },
    { query, variables },
  );
  expect(body.errors).toBeUndefined();
  return body.data;
}

describe("the console's duplicate queue and merges", () => {
  it("finds a hall and an app record of one person, merges them with a chosen field, shows the tombstone's badge and undoes the merge", async () => {
    const steward = await signIn("steward");
    const create = `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`;
    const nationalId = residentId(Date.now());
    const hall = (await gqlAs(steward, create, { input: { kind: "INDIVIDUAL", name: "林雨桐", phone: "+8613987650001", nationalId, birthDate: "1980-05-01", city: "Hangzhou" } })).createCustomer.id;
    const app = (await gqlAs(steward, create, { input: { kind: "INDIVIDUAL", name: "林 雨桐", email: "lyt@example.com", nationalId, birthDate: "1980-05-01", city: "杭州" } })).createCustomer.id;

    // The queue lists the pair (the second create refreshed its candidates) with its reason.
    await steward.getByRole("menuitem", { name: "Possible duplicates" }).click();
    const pair = steward.getByTestId("duplicate-pair").filter({ hasText: "林 雨桐" });
    await pair.waitFor();
    await expect.poll(() => pair.innerText()).toContain("Same national id");
    await steward.setViewportSize({ width: 1280, height: 900 });
    await shot(steward, "duplicates-queue", false);

    // The preview: the older (hall) record survives; the city differs; the steward keeps the app's.
    await pair.getByRole("link", { name: "Review" }).click();
    const city = steward.getByTestId("conflict-city");
    await city.waitFor();
    expect(await city.innerText()).toMatch(/Hangzhou[\s\S]*杭州/);
    await city.getByRole("radio", { name: "city MERGED" }).check();
    await expect.poll(() => steward.getByTestId("merge-moves").innerText()).toMatch(/identifiers/);
    await shot(steward, "merge-preview");
    await steward.setViewportSize({ width: 800, height: 900 });
    await shot(steward, "merge-preview-800");
    await steward.setViewportSize({ width: 1280, height: 900 });

    // Someone changes the survivor meanwhile: Merge answers CONFLICT, shown as "changed, reload".
    const version = (await gqlAs(steward, `query($id: ID!) { customer(id: $id) { version } }`, { id: hall })).customer.version;
    await gqlAs(steward, `mutation($id: ID!, $v: Int!) { updateCustomer(id: $id, expectedVersion: $v, input: { occupation: "Teacher" }) { id } }`, { id: hall, v: version });
    await steward.getByRole("button", { name: "Merge", exact: true }).click();
    await steward.getByTestId("merge-stale").waitFor();
    await steward.getByTestId("merge-stale").getByRole("button", { name: "Reload" }).click();
    await steward.getByRole("button", { name: "Merge", exact: true }).click();
    await steward.getByTestId("merge-done").waitFor();
    await shot(steward, "merge-done", false);

    // The survivor holds the chosen city; the tombstone's 360 links to it.
    expect((await gqlAs(steward, `query($id: ID!) { customer(id: $id) { city } }`, { id: hall })).customer.city).toBe("杭州");
    await steward.goto(`${baseUrl}/#/customers/${app}/show`);
    const badge = steward.getByTestId("merged-badge");
    await expect.poll(() => badge.innerText()).toContain("Merged into 林雨桐");
    await shot(steward, "customer-merged-badge", false);
    await badge.getByRole("link").click();
    await steward.waitForURL(`**/customers/${hall}/show`);

    // Undo from the merge page: both records are live again, the survivor's city as before.
    await steward.goBack();
    await steward.goBack();
    await steward.getByRole("button", { name: "Undo merge" }).click();
    await steward.getByTestId("merge-conflicts").waitFor();
    const after = await gqlAs(steward, `query($a: ID!, $b: ID!) { a: customer(id: $a) { city mergedInto } b: customer(id: $b) { city mergedInto } }`, { a: hall, b: app });
    expect(after).toEqual({ a: { city: "Hangzhou", mergedInto: null }, b: { city: "杭州", mergedInto: null } });

    // Decided they are two people after all: "Not a duplicate" takes the pair out of the queue for good.
    await steward.getByTestId("merge-dismiss").click();
    await steward.waitForURL("**/#/duplicates");
    const queue = (await gqlAs(steward, `{ duplicateCandidates(first: 100) { edges { node { customerA { id } customerB { id } } } } }`, {})) as {
      duplicateCandidates: { edges: { node: { customerA: { id: string }; customerB: { id: string } } }[] };
    };
    expect(queue.duplicateCandidates.edges.filter((e) => [e.node.customerA.id, e.node.customerB.id].sort().join() === [hall, app].sort().join())).toEqual([]);
  });
});

describe("the console's user lifecycle (issue 13)", () => {
  it("an admin disables a user (their open session ends) and asks for a higher clearance, which a second admin approves", async () => {
    const admin = await signIn("admin");
    const username = `e2e.lifecycle.${Date.now()}`;
    await admin.goto(`${baseUrl}/#/users`);
    // An auditor needs no approval to be created (it reads no identifying data), so it can sign in at once.
    await gqlAs(admin, `mutation($u: String!, $p: String!) { createUser(username: $u, role: AUDITOR, password: $p) { id } }`, { u: username, p: DEMO_PASSWORD });
    // The admin's overview (metrics) can keep an embedded database busy for a while on a loaded machine.
    const victim = await signIn(username, 90_000);
    // The list as it is now, auditors only (react-admin keeps list filters: set it explicitly).
    await admin.goto(`${baseUrl}/#/users?filter=${encodeURIComponent(JSON.stringify({ role: "AUDITOR" }))}`);
    await admin.reload();

    const row = rows(admin).filter({ hasText: username });
    await row.getByTestId("user-edit-open").click();
    const dialog = admin.getByTestId("user-edit");
    await dialog.getByRole("combobox", { name: "Clearance" }).click();
    await admin.getByRole("option", { name: "3", exact: true }).click();
    // Raising a clearance widens access: the button says it asks, and the request waits (four eyes).
    await dialog.getByRole("button", { name: "Ask for this clearance" }).click();
    await expect.poll(() => dialog.getByTestId("user-pending").innerText()).toMatch(/Waiting for approval: clearance 1 → 3/);
    await dialog.getByTestId("user-pending-link").waitFor();
    await dialog.getByTestId("user-disable").click();
    await dialog.getByTestId("user-disabled").waitFor();
    await admin.setViewportSize({ width: 1280, height: 900 });
    await shot(admin, "user-edit-pending", false);
    await admin.setViewportSize({ width: 800, height: 900 });
    await shot(admin, "user-edit-pending-800", false);
    await admin.setViewportSize({ width: 1440, height: 900 });

    // The disabled user's open session ends at its next request: the console shows the sign-in form.
    // (A reload: the auditor already stands on its landing page, so going there again would send nothing.)
    await victim.reload();
    await victim.locator('input[name="username"]').waitFor({ timeout: 60_000 });

    // The requester cannot approve their own request.
    await admin.keyboard.press("Escape");
    await admin.goto(`${baseUrl}/#/grants`);
    const mine = admin.getByTestId("grant-request").filter({ hasText: username });
    await expect.poll(() => mine.getByTestId("grant-clearance").innerText()).toMatch(/Clearance 1 → 3/);
    await mine.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => mine.getByTestId("grant-error").innerText()).toMatch(/FORBIDDEN/);

    const second = await signIn("admin2");
    await second.goto(`${baseUrl}/#/grants`);
    const theirs = second.getByTestId("grant-request").filter({ hasText: username });
    await theirs.getByRole("button", { name: "Approve" }).click();
    await theirs.waitFor({ state: "detached" });
    const users = await gqlAs(second, `{ users { username clearance disabledAt } }`, {});
    const user = users.users.find((u: { username: string }) => u.username === username);
    expect(user.clearance).toBe(3);
    expect(user.disabledAt).toBeTruthy();
  }, 180_000);
});

describe("the console for key accounts (大客户)", () => {
  let manager: Page;
  it("an account manager opens the portfolio: their accounts with tier, warnings and open cases", async () => {
    manager = await signIn("manager");
    expect(await menu(manager)).toContain("My key accounts");
    await manager.getByRole("menuitem", { name: "My key accounts" }).click();
    await expect.poll(() => manager.getByTestId("portfolio-account").count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await manager.getByTestId("account-warning").first().waitFor();
    await manager.setViewportSize({ width: 1280, height: 900 });
    await shot(manager, "portfolio");
    await manager.setViewportSize({ width: 800, height: 900 });
    await shot(manager, "portfolio-800");
    await manager.setViewportSize({ width: 1440, height: 900 });
  });

  it("opens a key account's tab and closes its warning: refused without cause and action, closed with both", async () => {
    const warning = manager.getByTestId("account-warning").first();
    await warning.getByRole("link").first().click();
    await manager.waitForURL(/#\/customers\/[^/]+\/show/);
    await manager.getByRole("tab", { name: "Key account", exact: true }).click();
    await manager.getByTestId("key-account").waitFor();
    await manager.getByTestId("key-account-tier").first().waitFor();
    expect(await manager.getByTestId("key-account-manager").innerText()).toMatch(/manager/);
    const open = manager.getByTestId("account-warning").filter({ hasText: "Open" }).first();
    await open.getByTestId("warning-close-open").click();
    await open.getByTestId("warning-close-submit").click();
    // The API refuses and names both fields; each message shows under its field.
    const causeField = open.locator(".MuiFormControl-root", { has: manager.locator('input[name="cause"]') });
    await causeField.locator(".MuiFormHelperText-root").getByText(/is required to close the warning/).waitFor();
    const actionField = open.locator(".MuiFormControl-root", { has: manager.locator('input[name="retentionAction"]') });
    await actionField.locator(".MuiFormHelperText-root").getByText(/is required to close the warning/).waitFor();
    await manager.setViewportSize({ width: 1280, height: 900 });
    await shot(manager, "key-account-refused");
    await manager.setViewportSize({ width: 800, height: 900 });
    await shot(manager, "key-account-refused-800");
    await manager.setViewportSize({ width: 1440, height: 900 });

    await open.getByRole("combobox", { name: "Cause" }).click();
    await manager.getByRole("option", { name: "Competitor offer", exact: true }).click();
    await open.getByRole("combobox", { name: "Retention action" }).click();
    await manager.getByRole("option", { name: "Contract renewal", exact: true }).click();
    await open.locator('textarea[name="note"]').first().fill("Visited the IT lead; renewing at the group rate.");
    await open.getByTestId("warning-close-submit").click();
    await manager.getByText("Cause: Competitor offer; action: Contract renewal (manager)").waitFor();
  }, 120_000);

  it("shows the key-account tab and the portfolio in Chinese", async () => {
    await manager.locator("header").getByRole("button", { name: /english/i }).click();
    await manager.getByRole("menuitem", { name: "简体中文" }).click();
    await manager.getByRole("tab", { name: "大客户", exact: true }).waitFor();
    await manager.getByText("客户经理").first().waitFor();
    await manager.setViewportSize({ width: 1280, height: 900 });
    await shot(manager, "key-account-zh");
    await manager.setViewportSize({ width: 800, height: 900 });
    await shot(manager, "key-account-zh-800");
    await manager.goto(`${baseUrl}/#/portfolio`);
    await expect.poll(() => manager.getByTestId("portfolio-account").count()).toBeGreaterThan(0);
    await manager.getByText("我的大客户").first().waitFor();
    await manager.setViewportSize({ width: 1280, height: 900 });
    await shot(manager, "portfolio-zh");
    await manager.setViewportSize({ width: 800, height: 900 });
    await shot(manager, "portfolio-zh-800");
  });
});

describe("the console in Chinese", () => {
  it("switches to Simplified Chinese", async () => {
    await page.goto(`${baseUrl}/#/customers/${known.id}/show`);
    await page.locator("header").getByRole("button", { name: /english/i }).click();
    await page.getByRole("menuitem", { name: "简体中文" }).click();
    await page.getByRole("tab", { name: "基本资料" }).waitFor();
    await page.getByRole("tab", { name: "授权同意" }).waitFor();
    await expect.poll(() => page.getByTestId("badge-Customer.nationalId").textContent()).toBe("敏感信息");
    await shot(page, "customer-show-zh");
    // The open queue (the list's default): react-admin keeps a list's last filter, and the steward's
    // walk left it on ASSIGNED, whose only case that walk has since started.
    await page.goto(`${baseUrl}/#/cases?filter=${encodeURIComponent(JSON.stringify({ status: ["OPEN", "ASSIGNED", "IN_PROGRESS", "REOPENED"] }))}`);
    await expect.poll(() => rows().count()).toBeGreaterThan(0);
    await expect.poll(() => rows().first().getByTestId("sla-countdown").textContent()).toMatch(/^(剩余|已超时) /);
    await shot(page, "cases-queue-zh", false);
    await page.goto(`${baseUrl}/#/customers?filter=${encodeURIComponent("{}")}`);
    await expect.poll(() => page.getByTestId("page-indicator").textContent()).toMatch(/^第 1 \/ \d+ 页$/);
    await shot(page, "customers-list-zh", false);
  });
});

/**
 * What counts as English domain text, from the sources rather than a word list:
 * - a text of the English message files (packages/admin/src/i18n/en*.ts, with react-admin's own), unless
 *   the Chinese file uses the same text for that key, as a whole text anywhere or as a word in one (CSV, NPS,
 *   Tessera…): `%{x}` placeholders
 *   match anything, plural variants (`||||`) each count;
 * - an enum code of the GraphQL schema shown alone (HOTLINE, IN_PROGRESS) or, when it has an underscore,
 *   inside a text (a raw IN_PROGRESS in a sentence), unless the Chinese file uses it as a word (NPS, PIPL…);
 * - an English sentence the API sends about input (@tessera/schema/problems, its templates with their parameters);
 * - a message key shown as itself (a key the Chinese file lacks).
 * Customer data (names, addresses, summaries, numbers, ids) is none of these and is not flagged; nor is text
 * in code/monospace elements (ids, file columns and the codes a file must hold) or in form inputs.
 */
const zhScan = await (async () => {
  const { englishMessagesAll } = await import("../src/i18n/en");
  const { chineseMessages } = await import("../src/i18n/zh-CN");
  const { PROBLEMS } = await import("@tessera/schema/problems");
  const { MENUS } = await import("../src/providers/menus");
  const flatten = (tree: unknown, path = "", out = new Map<string, string>()) => {
    if (typeof tree === "string") out.set(path, tree);
    else if (tree && typeof tree === "object") for (const [k, v] of Object.entries(tree)) flatten(v, path ? `${path}.${k}` : k, out);
    return out;
  };
  const en = flatten(englishMessagesAll);
  const zh = flatten(chineseMessages);
  const zhTexts = new Set(zh.values());
  const zhWords = new Set([...zh.values()].flatMap((v) => v.match(/[A-Za-z][A-Za-z0-9_]*/g) ?? []));
  const letters = (s: string) => (s.match(/[A-Za-z]/g) ?? []).length;
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const template = (text: string, anchored: boolean) => new RegExp(`${anchored ? "^" : ""}${text.split(/%\{\w+\}/).map((p) => escape(p.trim())).join("[\\s\\S]+?")}${anchored ? "$" : ""}`);
  const exact = new Set<string>();
  const templates: { source: string; re: RegExp }[] = [];
  for (const [key, value] of en) {
    if (zh.get(key) === value) continue;
    for (const variant of value.split("||||").map((v) => v.trim())) {
      // A term the Chinese texts use themselves (NPS, CSAT, APP…) is not English to them.
      if (zhTexts.has(variant) || zhWords.has(variant)) continue;
      const literal = variant.replace(/%\{\w+\}/g, "");
      if (letters(literal) < 2) continue;
      if (variant === literal) exact.add(variant);
      else if (letters(literal) >= 4) templates.push({ source: `en:${key}`, re: template(variant, true) });
    }
  }
  for (const [code, text] of Object.entries(PROBLEMS)) {
    const literal = text.replace(/%\{\w+\}/g, "");
    // Long sentences are found inside a longer text too (a field error after its label).
    if (letters(literal) >= 4) templates.push({ source: `api:${code}`, re: template(text, letters(literal) < 12) });
  }
  const sdl = await readFile(join(repoRoot, "packages/schema/schema.graphql"), "utf8");
  const enumCodes = new Set(
    [...sdl.matchAll(/^enum \w+ \{([^}]*)\}/gm)].flatMap((m) => m[1]!.replace(/"""[\s\S]*?"""|"[^"\n]*"|#.*$/gm, "").match(/\b[A-Z][A-Z0-9_]+\b/g) ?? []).filter((c) => !zhWords.has(c)),
  );
  /** The English domain texts in one visible text (a text node), each with the rule that found it. */
  const findIn = (text: string): string[] => {
    const whole = text.replace(/\s+/g, " ").trim();
    if (!/[A-Za-z]{2}/.test(whole)) return [];
    const parts = [whole, ...whole.split(/\s*(?:[·•|:：,，;；()（）[\]【】→=]|\s[-–—/]\s)\s*/).map((p) => p.trim())].filter((p) => /[A-Za-z]{2}/.test(p));
    const found = new Set<string>();
    for (const part of parts) {
      if (exact.has(part)) found.add(`"${part}" (English message file)`);
      // A key without a Chinese text shows as its path (polyglot's allowMissing).
      if (en.has(part)) found.add(`"${part}" (message key without a Chinese text)`);
      for (const { source, re } of templates) if (re.test(part)) found.add(`"${part}" (${source})`);
      // A code alone is a raw enum; inside prose only a code no one writes in prose (IN_PROGRESS), since
      // free text someone typed may name SMS or HOTLINE.
      if (enumCodes.has(part)) found.add(`"${part}" (enum code)`);
      for (const word of part.match(/\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/g) ?? []) if (enumCodes.has(word)) found.add(`"${word}" (enum code in "${whole}")`);
    }
    return [...found];
  };
  return { MENUS, findIn, chinese: chineseMessages };
})();

/** The text nodes a reader sees: visible, outside form inputs and outside code/monospace (ids, codes as typed). */
function visibleTexts(on: Page): Promise<{ text: string; where: string }[]> {
  return on.evaluate(() => {
    const skipped = (el: Element) => {
      for (let e: Element | null = el; e; e = e.parentElement) {
        if (e.matches("script, style, noscript, code, pre, kbd, samp, textarea, input, [aria-hidden='true']")) return true;
        if (getComputedStyle(e).fontFamily.toLowerCase().includes("monospace")) return true;
      }
      return false;
    };
    const out: { text: string; where: string }[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      const text = node.textContent ?? "";
      if (!el || !text.trim() || !el.checkVisibility({ visibilityProperty: true, opacityProperty: true }) || skipped(el)) continue;
      const tagged = el.closest("[data-testid], [class*='column-'], [role='tab'], [role='columnheader'], h1, h2, h6, label");
      out.push({ text, where: tagged?.getAttribute("data-testid") ?? tagged?.className.toString().match(/column-\w+/)?.[0] ?? tagged?.tagName.toLowerCase() ?? el.tagName.toLowerCase() });
    }
    return out;
  });
}

/** Demo users by role (`serve --demo`). */
const DEMO_USERS: Record<string, string> = { ADMIN: "admin", STEWARD: "steward", AGENT: "agent", ANALYST: "analyst", AUDITOR: "auditor" };

describe("the Chinese console shows no English domain text (issue 13)", () => {
  const findings: Record<string, string[]> = {};
  let zhShots = 0;

  /** A fresh context in a Chinese browser (the console follows its language), signed in as `username`. */
  async function signInChinese(username: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
    contexts.push(context);
    const on = await context.newPage();
    on.setDefaultTimeout(60_000);
    await on.goto(`${baseUrl}/`);
    await on.locator('input[name="username"]').fill(username);
    await on.locator('input[name="password"]').fill(DEMO_PASSWORD);
    await on.locator('button[type="submit"]').click();
    await on.getByTestId("role-chip").waitFor();
    return on;
  }

  /** Waits for the page's data (no progress indicator, network quiet), then records what it shows in English. */
  async function scan(on: Page, where: string) {
    await on.waitForLoadState("networkidle").catch(() => undefined);
    // react-admin shows its loading bar only after a second: wait that long, then for every loading
    // indicator (a progress bar without a value) to be gone.
    await on.waitForTimeout(1_500);
    await expect.poll(() => on.locator("[role='progressbar']:not([aria-valuenow]), .MuiSkeleton-root").count(), { timeout: 90_000 }).toBe(0);
    const found = (await visibleTexts(on)).flatMap(({ text, where: at }) => zhScan.findIn(text).map((f) => `${f} at ${at}`));
    if (found.length) findings[where] = [...new Set(found)];
    await shot(on, `zh-scan-${String(++zhShots).padStart(2, "0")}-${where.replace(/[^\w\u4e00-\u9fff]+/g, "-")}`);
  }

  it("on every page of every role's menu (providers/menus.ts), the dashboard among them", async () => {
    for (const [role, pages] of Object.entries(zhScan.MENUS)) {
      const on = await signInChinese(DEMO_USERS[role]!);
      for (const page of pages) {
        await on.goto(`${baseUrl}/#/${page === "dashboard" ? "" : page}`);
        // Something of the page itself has rendered (the dashboard's metrics can take a while on a busy machine).
        await expect.poll(async () => (await on.locator("#main-content").innerText()).trim().length, { timeout: 120_000 }).toBeGreaterThan(0);
        await scan(on, `${role} ${page}`);
      }
      await on.context().close();
    }
    expect(findings).toEqual({});
  }, 900_000);

  it("on a customer's 360 (every tab), a case, the care queue and the import page's dry-run report", async () => {
    for (const key of Object.keys(findings)) delete findings[key];
    const steward = await signInChinese("steward");
    await steward.goto(`${baseUrl}/#/customers?filter=${encodeURIComponent(JSON.stringify({ status: "ACTIVE" }))}`);
    await expect.poll(() => rows(steward).count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await rows(steward).first().locator(".column-name").click();
    await steward.waitForURL(/#\/customers\/[^/]+\/show$/);
    await steward.getByRole("tab").first().waitFor();
    const tabs = (await steward.getByRole("tab").allInnerTexts()).map((t) => t.trim());
    expect(tabs.length).toBeGreaterThan(5);
    for (const tab of tabs) {
      await steward.getByRole("tab", { name: tab, exact: true }).click();
      await scan(steward, `360 ${tab}`);
    }

    await steward.goto(`${baseUrl}/#/cases?filter=${encodeURIComponent(JSON.stringify({ status: ["OPEN", "ASSIGNED", "IN_PROGRESS", "REOPENED"] }))}`);
    await expect.poll(() => rows(steward).count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await rows(steward).first().locator(".column-subject").click();
    await steward.waitForURL(/#\/cases\/[^/]+\/show$/);
    await scan(steward, "case");

    await steward.goto(`${baseUrl}/#/careTasks?filter=${encodeURIComponent("{}")}`);
    await expect.poll(() => rows(steward).count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await scan(steward, "care queue");

    // The sample customers file holds one row of each kind of mistake (examples/import/customers.csv).
    await steward.goto(`${baseUrl}/#/import`);
    await steward.getByTestId("import-file").setInputFiles(join(repoRoot, "examples/import/customers.csv"));
    await steward.getByRole("button", { name: zhScan.chinese.tessera.import.check, exact: true }).click();
    await expect.poll(() => steward.getByTestId("import-reason").count(), { timeout: 60_000 }).toBeGreaterThan(3);
    await scan(steward, "import dry run");
    expect(findings).toEqual({});
  }, 600_000);
});

describe("the console for daily work (issue 13)", () => {
  /** The care queue, unfiltered, once its rows (not the loading placeholders) are on screen. */
  const queue = async (on: Page) => {
    await on.goto(`${baseUrl}/#/careTasks?filter=${encodeURIComponent("{}")}`);
    await rows(on).first().locator("a[href*='/customers/']").waitFor({ timeout: 60_000 });
  };
  /** What identifies a queue row: its customer link and its kind (a customer has at most one task of a kind due). */
  const rowKey = async (row: ReturnType<Page["locator"]>) => `${await row.locator("a[href*='/customers/']").getAttribute("href")} ${await row.locator(".column-kind").innerText()}`;
  const queueKeys = async (on: Page) => Promise.all((await rows(on).all()).map(rowKey));
  const openWork = async (on: Page, row: ReturnType<Page["locator"]>, work: "Complete" | "Snooze" | "Assign") => {
    await row.getByTestId("care-task-work").click();
    await on.getByRole("menuitem", { name: work, exact: true }).click();
    return on.getByRole("dialog");
  };
  /** The customer whose care task was completed with "Call-back scheduled" (for the Chinese look). */
  let completedFor = "";

  it("the care queue offers the work buttons only to the roles the access table lets work it", async () => {
    const admin = await signIn("admin");
    await queue(admin);
    await expect.poll(() => rows(admin).count(), { timeout: 60_000 }).toBeGreaterThan(0);
    // The administrator sees the queue (careTasks) but may not complete, snooze or assign.
    expect(await admin.getByTestId("care-task-work").count()).toBe(0);
  });

  it("as an agent completes a care task with an outcome and sees that outcome on the customer's interactions tab", async () => {
    const agent = await signIn("agent");
    await queue(agent);
    await expect.poll(() => rows(agent).count(), { timeout: 60_000 }).toBeGreaterThan(2);
    for (const width of [1280, 800]) {
      await agent.setViewportSize({ width, height: 900 });
      await shot(agent, `care-queue-${width}`, false);
    }
    await agent.setViewportSize({ width: 1280, height: 900 });
    const row = rows(agent).first();
    const key = await rowKey(row);
    const customerId = /customers\/([^/]+)/.exec(key)![1]!;
    completedFor = customerId;
    const complete = await openWork(agent, row, "Complete");
    await complete.getByRole("combobox", { name: "Outcome" }).click();
    await agent.getByRole("option", { name: "Call-back scheduled", exact: true }).click();
    const summary = `Care call from the queue ${randomBytes(3).toString("hex")}`;
    await complete.locator('textarea[name="summary"]').fill(summary);
    await shot(agent, "care-complete-1280", false);
    await complete.getByRole("button", { name: "Complete", exact: true }).click();
    await complete.waitFor({ state: "detached" });
    await agent.getByText("Task completed and the contact logged").waitFor();
    // Completing logs the contact, which takes the task off the queue.
    await expect.poll(() => queueKeys(agent)).not.toContain(key);

    await agent.goto(`${baseUrl}/#/customers/${customerId}/show/interactions`);
    const latest = agent.getByTestId("interaction-timeline-item").first();
    await expect.poll(() => latest.innerText(), { timeout: 30_000 }).toContain(summary);
    expect(await latest.innerText()).toContain("Outcome: Call-back scheduled");
  });

  it("shows the queue's work and the logged outcome in Chinese", async () => {
    const agent = await signIn("agent");
    await queue(agent);
    await agent.locator("header").getByRole("button", { name: /english/i }).click();
    await agent.getByRole("menuitem", { name: "简体中文" }).click();
    await agent.getByRole("columnheader", { name: "处理人" }).waitFor();
    await rows(agent).first().getByTestId("care-task-work").click();
    expect((await agent.getByRole("menuitem").allInnerTexts()).map((t) => t.trim())).toEqual(["完成", "推迟", "指派"]);
    await agent.keyboard.press("Escape");
    for (const width of [1280, 800]) {
      await agent.setViewportSize({ width, height: 900 });
      await shot(agent, `care-queue-zh-${width}`, false);
    }
    await agent.goto(`${baseUrl}/#/customers/${completedFor}/show/interactions`);
    const latest = agent.getByTestId("interaction-timeline-item").first();
    await expect.poll(() => latest.innerText(), { timeout: 30_000 }).toContain("处理结果：已预约回电");
    await shot(agent, "interactions-tab-zh-800", false);
  });

  it("as an agent snoozes a care task (refused beyond the limit, under the field) and it leaves the queue", async () => {
    const agent = await signIn("agent");
    await queue(agent);
    await expect.poll(() => rows(agent).count(), { timeout: 60_000 }).toBeGreaterThan(2);
    const row = rows(agent).first();
    const key = await rowKey(row);
    const snooze = await openWork(agent, row, "Snooze");
    // 100 days ahead: beyond FIELD_LIMITS.CareTask.maxSnoozeDays (90), refused before anything is sent.
    const far = new Date(Date.now() + 100 * 86_400_000).toISOString().slice(0, 10);
    await snooze.locator('input[name="until"]').fill(far);
    await snooze.getByRole("button", { name: "Snooze", exact: true }).click();
    await expect.poll(() => snooze.locator(".MuiFormHelperText-root.Mui-error").innerText()).toMatch(/^Must be \d{4}-\d{2}-\d{2} or less$/);
    const soon = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await snooze.locator('input[name="until"]').fill(soon);
    await snooze.getByRole("button", { name: "Snooze", exact: true }).click();
    await snooze.waitFor({ state: "detached" });
    await agent.getByText("Task snoozed").waitFor();
    await expect.poll(() => queueKeys(agent)).not.toContain(key);
  });

  it("as an agent assigns a care task to a steward and the queue shows who has it", async () => {
    const agent = await signIn("agent");
    await queue(agent);
    await expect.poll(() => rows(agent).count(), { timeout: 60_000 }).toBeGreaterThan(2);
    const row = rows(agent).nth(1);
    const key = await rowKey(row);
    const assign = await openWork(agent, row, "Assign");
    await assign.getByRole("combobox", { name: "Assign to" }).click();
    await agent.getByRole("option", { name: /\(steward\)$/ }).click();
    await assign.getByRole("button", { name: "Assign", exact: true }).click();
    await assign.waitFor({ state: "detached" });
    await agent.getByText("Task assigned").waitFor();
    const assigned = async () => {
      for (const r of await rows(agent).all()) if ((await rowKey(r)) === key) return r.locator(".column-assignee").innerText();
      return "not in the queue";
    };
    await expect.poll(assigned).toBe("steward");
  });

  it("pages the interactions tab back to older items, appending them below the latest", async () => {
    const steward = await signIn("steward");
    const found = await gqlAs(steward, `{ customers(first: 100) { edges { node { id interactions(first: 1) { totalCount } } } } }`, {});
    const busy = (found.customers.edges as { node: { id: string; interactions: { totalCount: number } } }[]).find((e) => e.node.interactions.totalCount > 20);
    expect(busy, "a demo customer with more than one page (20) of interactions").toBeDefined();
    const total = busy!.node.interactions.totalCount;
    await steward.goto(`${baseUrl}/#/customers/${busy!.node.id}/show/interactions`);
    const items = steward.getByTestId("interaction-timeline-item");
    await expect.poll(() => items.count(), { timeout: 30_000 }).toBe(20);
    const firstPage = await items.allInnerTexts();
    await steward.getByText(`Latest 20 of ${total} interactions`).waitFor();
    for (const width of [1280, 800]) {
      await steward.setViewportSize({ width, height: 900 });
      await shot(steward, `interactions-tab-${width}`, false);
    }
    await steward.getByTestId("interactions-more").click();
    const shown = Math.min(40, total);
    await expect.poll(() => items.count()).toBe(shown);
    await steward.getByText(`Latest ${shown} of ${total} interactions`).waitFor();
    const both = await items.allInnerTexts();
    // The older page is appended: the latest 20 stay on top, and nothing shows twice.
    expect(both.slice(0, 20)).toEqual(firstPage);
    const ids = await gqlAs(steward, `query($id: ID!) { customer(id: $id) { interactions(first: ${shown}) { edges { node { id } } } } }`, { id: busy!.node.id });
    expect(new Set(ids.customer.interactions.edges.map((e: { node: { id: string } }) => e.node.id)).size).toBe(shown);
    await expect.poll(() => steward.getByTestId("interactions-more").count()).toBe(total > 40 ? 1 : 0);
  });

  it("refuses a customer name longer than the API's limit under the field, and warns on leaving the edited form", async () => {
    const steward = await signIn("steward");
    const found = await gqlAs(steward, `{ customers(first: 1) { edges { node { id } } } }`, {});
    const id = found.customers.edges[0].node.id as string;
    await steward.goto(`${baseUrl}/#/customers/${id}`);
    const name = steward.locator('input[name="name"]');
    await expect.poll(() => name.inputValue(), { timeout: 30_000 }).not.toBe("");
    // FIELD_LIMITS.Customer.name is 200: one more is refused under the field, the form is not sent.
    await name.fill("x".repeat(201));
    await steward.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => steward.locator(".MuiFormHelperText-root.Mui-error").first().innerText()).toBe("Must be 200 characters or less");
    await expect.poll(() => steward.url()).toMatch(new RegExp(`#/customers/${id}$`));
    // Leaving with the unsaved change asks first; dismissing keeps the user on the form.
    const asked: string[] = [];
    steward.once("dialog", (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await steward.locator(".RaMenuItemLink-root", { hasText: "Cases" }).click();
    await expect.poll(() => asked).toEqual(["Some of your changes weren't saved. Are you sure you want to ignore them?"]);
    expect(steward.url()).toMatch(new RegExp(`#/customers/${id}$`));
    expect(await name.inputValue()).toBe("x".repeat(201));
  });
});

describe("the console at 800 px (issue 13)", () => {
  let steward: Page;
  const NARROW = { width: 800, height: 900 };
  const cell = (row: ReturnType<typeof rows>, source: string) => row.locator(`td[class~="column-${source}"]`);
  const columnTexts = async (source: string) => (await cell(rows(steward), source).allInnerTexts()).map((t) => t.trim());
  const visited: string[] = [];

  /** The page itself never scrolls sideways: wide lists and records scroll inside their cards. */
  async function fitsTheWindow(on: Page, where: string) {
    await on.waitForLoadState("networkidle");
    const { scrollWidth, viewport } = await on.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, viewport: window.innerWidth }));
    expect(viewport, "the block runs at 800 px").toBe(NARROW.width);
    expect(scrollWidth, `${where} is wider than the window`).toBeLessThanOrEqual(viewport);
    visited.push(where);
  }

  async function addFilter(label: string | RegExp) {
    await steward.getByRole("button", { name: "Add filter" }).click();
    // Filters are checkbox items, saved queries plain ones: find either by its text.
    await steward.getByRole("menu").getByText(label, { exact: true }).click();
  }

  async function choose(label: string, option: string, within = steward.locator("body")) {
    await within.getByRole("combobox", { name: label }).click();
    await steward.getByRole("option", { name: option, exact: true }).click();
  }

  async function signInHere(username: string) {
    await steward.locator('input[name="username"]').fill(username);
    await steward.locator('input[name="password"]').fill(DEMO_PASSWORD);
    await steward.getByRole("button", { name: "Sign in" }).click();
    await steward.getByTestId("role-chip").waitFor();
  }

  async function signOut() {
    await steward.getByRole("button", { name: "Profile" }).click();
    await steward.getByRole("menuitem", { name: "Logout" }).click();
    await steward.locator('input[name="username"]').waitFor();
  }

  beforeAll(async () => {
    steward = await signIn("steward");
    await steward.setViewportSize(NARROW);
  });
  afterAll(async () => {
    await steward?.setViewportSize({ width: 1440, height: 900 });
  });

  it("folds the menu and fits every page of the steward's menu in the window", async () => {
    await steward.locator(".RaSidebar-closed").waitFor();
    for (const page of MENUS.STEWARD) {
      await steward.goto(`${baseUrl}/#/${page}`);
      await steward.locator("#main-content").waitFor();
      await fitsTheWindow(steward, `#/${page}`);
      await shot(steward, `800-${page}`, false);
    }
  });

  it("filters customers by value tier and churn level and sorts by churn score", async () => {
    await steward.goto(`${baseUrl}/#/customers`);
    await expect.poll(() => rows(steward).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    // Each filter reaches the URL before the next is added: react-admin applies a choice after a
    // debounce, and showing another filter meanwhile would drop it.
    const applied = (json: string) => expect.poll(() => decodeURIComponent(steward.url())).toContain(json);
    await addFilter("Value tier");
    await choose("Value tier", "High value");
    await applied('"valueTier":"HIGH"');
    await addFilter("Churn risk");
    await choose("Churn risk", "Low");
    await applied('"churnLevel":"LOW"');
    await expect.poll(() => columnTexts("insight.valueTier")).toEqual(expect.arrayContaining(["High value"]));
    await expect.poll(async () => new Set(await columnTexts("insight.valueTier"))).toEqual(new Set(["High value"]));
    await expect.poll(async () => (await columnTexts("insight.churnRisk.score")).every((t) => /^\d+\s*Low$/.test(t))).toBe(true);

    const scores = async () => (await columnTexts("insight.churnRisk.score")).map((t) => Number.parseInt(t, 10));
    const header = steward.locator('th[class~="column-insight.churnRisk.score"]').getByRole("button");
    await header.click();
    await expect.poll(() => steward.url()).toMatch(/sort=insight\.churnRisk\.score/);
    await expect.poll(async () => {
      const s = await scores();
      return s.length > 1 && s.every((v, i) => i === 0 || s[i - 1]! <= v);
    }).toBe(true);
    await header.click();
    await expect.poll(() => steward.url()).toMatch(/order=DESC/);
    await expect.poll(async () => {
      const s = await scores();
      return s.length > 1 && s.every((v, i) => i === 0 || s[i - 1]! >= v) && s[0]! > s.at(-1)!;
    }).toBe(true);
    await fitsTheWindow(steward, "customers filtered and sorted");
    await shot(steward, "800-customers-filtered", false);
  });

  it("saves the filter under a name, for this user only, and reapplies it", async () => {
    await addFilter(/Save current query/);
    await steward.getByRole("dialog").getByLabel("Query name").fill("High value, low churn");
    await steward.getByRole("dialog").getByRole("button", { name: "Save" }).click();
    await steward.getByRole("dialog").waitFor({ state: "detached" });
    await addFilter("Remove all filters");
    await expect.poll(async () => new Set(await columnTexts("insight.valueTier")).size).toBeGreaterThan(1);

    // Another user on the same browser does not see it; the steward still has it after signing back in.
    await signOut();
    await signInHere("agent");
    await steward.goto(`${baseUrl}/#/customers`);
    await steward.getByRole("button", { name: "Add filter" }).click();
    await steward.getByRole("menu").getByText("Value tier", { exact: true }).waitFor();
    expect(await steward.getByRole("menu").getByText("High value, low churn").count()).toBe(0);
    await steward.keyboard.press("Escape");
    await signOut();
    await signInHere("steward");
    await steward.goto(`${baseUrl}/#/customers`);
    await addFilter("High value, low churn");
    await expect.poll(async () => new Set(await columnTexts("insight.valueTier"))).toEqual(new Set(["High value"]));
    await expect.poll(() => steward.url()).toMatch(/sort=insight\.churnRisk\.score/);
    await fitsTheWindow(steward, "customers with a saved filter");
  });

  it("works a customer end to end: edits a field, records a consent, logs an interaction, opens a case", async () => {
    await rows(steward).first().locator('td[class~="column-name"]').click();
    await steward.waitForURL(/#\/customers\/[^/]+\/show$/);
    const id = /customers\/([^/]+)\/show/.exec(steward.url())![1]!;
    await steward.getByTestId("field-kind").waitFor();
    await fitsTheWindow(steward, "customer 360");
    await shot(steward, "800-customer-show", false);
    // The tab strip scrolls within the card: its last tab starts out of view and its scroll button brings it in.
    const lastTab = steward.getByRole("tab").last();
    const inView = () =>
      lastTab.evaluate((el) => new Promise<number>((resolve) => {
        const observer = new IntersectionObserver(([entry]) => {
          observer.disconnect();
          resolve(entry!.intersectionRatio);
        });
        observer.observe(el);
      }));
    expect(await inView()).toBeLessThan(0.99);
    const next = steward.locator(".MuiTabs-scrollButtons").last();
    for (let i = 0; i < 15 && (await inView()) < 0.99; i++) {
      // Forced: at the end of the strip the button is disabled (and hidden), and a click does nothing.
      await next.click({ force: true });
      await steward.waitForTimeout(300); // the strip scrolls smoothly
    }
    await expect.poll(inView).toBeGreaterThanOrEqual(0.99);
    await lastTab.click();
    await fitsTheWindow(steward, "customer 360, last tab");
    await shot(steward, "800-customer-last-tab", false);
    await steward.getByRole("tab", { name: "Profile", exact: true }).click();

    await steward.getByRole("link", { name: "Edit" }).click();
    await steward.waitForURL(/#\/customers\/[^/]+$/);
    const occupation = `Engineer ${Math.floor(Math.random() * 9000) + 1000}`;
    await steward.locator('input[name="occupation"]').fill(occupation);
    await fitsTheWindow(steward, "customer edit");
    await shot(steward, "800-customer-edit", false);
    await steward.getByRole("button", { name: "Save" }).click();
    await steward.waitForURL(/#\/customers\/[^/]+\/show$/);
    await expect.poll(() => profileValue(steward, "occupation")).toBe(occupation);

    await steward.getByRole("tab", { name: "Consents", exact: true }).click();
    await steward.getByRole("button", { name: "Record consent" }).click();
    const dialog = steward.getByRole("dialog");
    await choose("Purpose", "Marketing", dialog);
    await choose("Channel", "Email", dialog);
    await choose("Decision", "Granted", dialog);
    await choose("Source", "Hotline", dialog);
    await dialog.locator('input[name="policyVersion"]').fill("2026.3");
    await dialog.locator('textarea[name="notice"]').fill("Customer agreed on the hotline to offers by email.");
    await fitsTheWindow(steward, "record-consent dialog");
    await dialog.getByRole("button", { name: "Record" }).click();
    await dialog.waitFor({ state: "detached" });
    await expect.poll(() => steward.getByTestId("consent-timeline-item").first().innerText()).toMatch(/Marketing · Email · Granted/);
    await fitsTheWindow(steward, "customer consents");

    await steward.getByRole("tab", { name: "Interactions", exact: true }).click();
    await steward.getByRole("button", { name: "Log interaction" }).click();
    await steward.getByRole("dialog").locator('textarea[name="summary"]').fill("Confirmed email offers at 800 px.");
    await steward.getByRole("dialog").getByRole("button", { name: "Log", exact: true }).click();
    await steward.getByRole("dialog").waitFor({ state: "detached" });
    await expect.poll(() => steward.getByTestId("interaction-timeline-item").first().innerText()).toMatch(/Confirmed email offers at 800 px/);
    await fitsTheWindow(steward, "customer interactions");

    await steward.getByRole("link", { name: "Open case" }).click();
    await steward.waitForURL(/#\/cases\/create/);
    await expect.poll(() => steward.locator('input[name="customerId"]').inputValue()).toBe(id);
    await steward.locator('input[name="subject"]').fill("Email offers arrive twice");
    await fitsTheWindow(steward, "case create");
    await shot(steward, "800-case-create", false);
    await steward.getByRole("button", { name: "Save" }).click();
    await steward.waitForURL(/#\/cases\/[^/]+\/show$/);
    await steward.getByText("Email offers arrive twice").first().waitFor();
    await fitsTheWindow(steward, "case show");
    await shot(steward, "800-case-show", false);
    // Every page visited was checked.
    expect(visited.length).toBeGreaterThanOrEqual(MENUS.STEWARD.length + 10);
  });
});
