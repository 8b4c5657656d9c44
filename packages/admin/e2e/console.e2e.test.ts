/**
 * The console in a real browser against the real API: `tessera serve --demo` on a fresh
 * embedded database (migrated and seeded with 2,000 customers), Debian's Chromium driven by
 * playwright-core, and the built console from dist/ as the API serves it in production.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, "../../..");
const screenshots = join(repoRoot, "docs/screenshots");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

// `serve --demo` creates the demo users with TESSERA_DEMO_PASSWORD; a steward sees and edits
// the full record for SERVICE.
const DEMO_USER = "steward";
const DEMO_PASSWORD = `e2e-${randomBytes(8).toString("hex")}`;

let server: ChildProcess | undefined;
let serverOutput = "";
let dataDir = "";
let baseUrl = "";
let browser: Browser;
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

const rows = () => page.locator(".RaDataTable-table tbody tr");

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  if (!existsSync(join(here, "../dist/index.html"))) throw new Error("The console is not built: run `pnpm --filter @tessera/admin build`");
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

  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US", timezoneId: "Asia/Shanghai" });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await mkdir(screenshots, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  if (server && server.exitCode == null) {
    const exited = new Promise((resolve) => server!.once("exit", resolve));
    server.kill("SIGTERM");
    const timer = setTimeout(() => server!.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("the console", () => {
  it("signs in and lists customers", async () => {
    await page.goto(`${baseUrl}/`);
    await page.locator('input[name="username"]').fill(DEMO_USER);
    await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => rows().count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId("page-indicator").textContent()).toMatch(/^Page 1 of \d+$/);
    await page.screenshot({ path: join(screenshots, "customers-list.png") });
  });

  it("pages forward and back over keyset cursors", async () => {
    const firstName = await rows().first().locator(".column-name").textContent();
    await page.getByRole("button", { name: "Go to next page" }).click();
    await expect.poll(() => page.getByTestId("page-indicator").textContent()).toMatch(/^Page 2 of/);
    await expect.poll(() => rows().first().locator(".column-name").textContent()).not.toBe(firstName);
    await page.getByRole("button", { name: "Go to previous page" }).click();
    await expect.poll(() => rows().first().locator(".column-name").textContent()).toBe(firstName);
  });

  let phone = "";
  it("finds a customer by the phone number of the first row", async () => {
    // Active customers have subscriptions, consents and interactions to show.
    await page.goto(`${baseUrl}/#/customers?filter=${encodeURIComponent(JSON.stringify({ status: "ACTIVE" }))}`);
    await expect.poll(() => rows().first().locator(".column-status").textContent()).toBe("Active");
    phone = ((await rows().first().locator(".column-phone").textContent()) ?? "").trim();
    expect(phone).toMatch(/^\+\d{8,15}$/);
    await page.locator('input[name="q"]').fill(phone);
    await expect.poll(() => rows().count()).toBe(1);
    await expect.poll(() => rows().first().locator(".column-phone").textContent()).toBe(phone);
  });

  it("opens the customer record with its tabs", async () => {
    await rows().first().click();
    await page.waitForURL(/#\/customers\/[^/]+\/show$/);
    for (const tab of ["Profile", "Identifiers", "Subscriptions", "Consents", "Interactions", "Cases", "Feedback"]) {
      await page.getByRole("tab", { name: tab }).waitFor();
    }
    await page.getByText(phone, { exact: true }).first().waitFor();
    await page.getByTestId("record-loading").waitFor({ state: "detached" });
    await page.screenshot({ path: join(screenshots, "customer-show.png"), fullPage: true });

    await page.getByRole("tab", { name: "Consents" }).click();
    await page.getByText("Current consent").waitFor();
    await page.getByText("Consent ledger").waitFor();

    await page.getByRole("tab", { name: "Interactions" }).click();
    await page.getByText(/Latest \d+ of \d+ interactions|No interactions/).waitFor();

    await page.getByRole("tab", { name: "Subscriptions" }).click();
    await page.getByText("Usage, last 12 months").waitFor();
    await page.screenshot({ path: join(screenshots, "customer-subscriptions.png"), fullPage: true });
  });

  it("shows the API's field error for an invalid phone, then saves a valid edit", async () => {
    await page.getByRole("link", { name: "Edit" }).click();
    await page.waitForURL(/#\/customers\/[^/]+$/);
    const address = `Room ${Math.floor(Math.random() * 9000) + 1000}, 88 Century Avenue, Pudong`;
    await page.locator('input[name="address"]').fill(address);
    await page.locator('input[name="phone"]').fill("12345");
    await page.getByRole("button", { name: "Save" }).click();
    // The API's BAD_USER_INPUT problem for input.phone, shown under the phone input.
    const phoneInput = page.locator(".MuiFormControl-root", { has: page.locator('input[name="phone"]') });
    await phoneInput.locator(".MuiFormHelperText-root").getByText(/is not a valid mobile number/).waitFor();
    await page.screenshot({ path: join(screenshots, "customer-edit-error.png") });

    await page.locator('input[name="phone"]').fill(phone);
    await page.getByRole("button", { name: "Save" }).click();
    await page.waitForURL(/#\/customers\/[^/]+\/show$/);
    await page.getByText(address).waitFor();
  });

  it("switches to Simplified Chinese", async () => {
    await page.locator("header").getByRole("button", { name: /english/i }).click();
    await page.getByRole("menuitem", { name: "简体中文" }).click();
    await page.getByRole("tab", { name: "基本资料" }).waitFor();
    await page.getByRole("tab", { name: "授权同意" }).waitFor();
    await page.goto(`${baseUrl}/#/customers?filter=${encodeURIComponent("{}")}`);
    await expect.poll(() => page.getByTestId("page-indicator").textContent()).toMatch(/^第 1 \/ \d+ 页$/);
    await page.screenshot({ path: join(screenshots, "customers-list-zh.png") });
  });
});
