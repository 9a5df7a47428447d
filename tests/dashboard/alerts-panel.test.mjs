// The "Get alerts" panel end to end in headless Chromium: the app after a short replay, publishing to a local SNS that
// checks every signature. Email: the panel asks for the address and says to click AWS's link; SNS gets a signed Subscribe
// with the metric's filter. SMS: the panel texts a code (a signed Publish to the number), a wrong code is refused in plain
// words, the right one subscribes the number with the chosen type's metrics. Without SMS the phone choice is not offered.
// Rules: the tracker's rules are offered as checkboxes (none ticked: every rule), and SNS gets exactly the ticked names.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp, getJson, startApp, waitFor, writeReplay } from "./tracker-app.mjs";
import { credentials, startLocalSns, topicArn } from "./local-sns.mjs";

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const skip = existsSync(chromiumPath) ? false
  : `Chromium not found at ${chromiumPath}: browser tests skipped (apt-get install -y chromium, or set CHROMIUM_PATH).`;

describe("Get alerts panel in a browser", { skip }, () => {
  let browser, app, sns, dir, replay;
  const errors = [];

  before(async () => {
    const { chromium } = await import("playwright-core");
    buildApp();
    sns = await startLocalSns();
    dir = mkdtempSync(join(tmpdir(), "tracker-alerts-"));
    replay = writeReplay(dir, { hours: 2 });
    app = await startApp({
      Source: "replay", "Replay:File": replay.file, "Replay:Speed": "max",
      "Alerts:Sns:TopicArn": topicArn, "Alerts:Sns:ServiceUrl": sns.url, "Alerts:Sms:Enabled": "true",
      "Subscriptions:PermitsPerMinute": "100", // the tests send more than the default 5 subscription requests a minute
      // None holds on the replay's prices (btc about 42,000, eth 2,500, sol 95, each within ±2.2 %).
      "Alerts:Rules:0:Name": "btc-below-10k", "Alerts:Rules:0:Metric": "price:btcusd", "Alerts:Rules:0:Below": "10000",
      "Alerts:Rules:1:Name": "eth-above-5k", "Alerts:Rules:1:Metric": "price:ethusd", "Alerts:Rules:1:Above": "5000",
      "Alerts:Rules:2:Name": "sol-moves-50", "Alerts:Rules:2:Metric": "price:solusd", "Alerts:Rules:2:ChangePercent": "50",
    }, { AWS_ACCESS_KEY_ID: credentials.accessKey, AWS_SECRET_ACCESS_KEY: credentials.secretKey, AWS_SESSION_TOKEN: "", AWS_PROFILE: "" });
    await waitFor(async () => (await getJson(app.base, "/v1/health")).replayFinished === true, 120_000, () => `replay did not finish:\n${app.log}`, app.child);
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
    await sns?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(path) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("console", (m) => { if (m.type() === "error" && !m.text().includes("400")) errors.push(`${path}: ${m.text()}`); });
    page.on("pageerror", (e) => errors.push(`${path}: uncaught ${e.message}`));
    await page.goto(app.base + path);
    await page.waitForSelector("#alerts-submit");
    return page;
  }

  const statusText = (page) => page.locator("#alerts-status").textContent();

  test("email on a metric page: this metric's alerts, and the inbox to check", async () => {
    const page = await open("/metric/volume/btcusd");
    assert.equal(await page.isChecked('input[name="alerts-which"][value="this"]'), true);
    await page.fill("#alerts-endpoint", "alice@example.com");
    await page.click("#alerts-submit");
    await page.waitForFunction(() => document.querySelector("#alerts-status")?.textContent.includes("Check your inbox"));

    assert.match(await statusText(page), /alice@example\.com.*click the link from AWS/);
    const subscribe = sns.calls.filter((c) => c.Action === "Subscribe" && c.Endpoint === "alice@example.com");
    assert.equal(subscribe.length, 1);
    assert.equal(subscribe[0].Protocol, "email");
    assert.equal(subscribe[0]["Attributes.entry.1.value"], '{"metric":["volume:btcusd"]}');
    assert.equal(sns.badSignatures, 0);
    await page.close();
  });

  test("SMS from the overview: every price metric, a code texted, a wrong code refused, the right one subscribes", async () => {
    const page = await open("/");
    await page.check('input[name="alerts-which"][value="type"]');
    await page.selectOption("#alerts-type", "price");
    await page.check('input[name="alerts-channel"][value="sms"]');
    assert.equal(await page.getAttribute("#alerts-endpoint", "type"), "tel");
    await page.fill("#alerts-endpoint", "+14155550123");
    await page.click("#alerts-submit");
    await page.waitForSelector("#alerts-code-step:not([hidden])");
    assert.match(await statusText(page), /texted a 6-digit code to \+14155550123/);
    assert.equal(sns.calls.filter((c) => c.Action === "Subscribe" && c.Endpoint === "+14155550123").length, 0, "nothing subscribed before the code");

    const text = sns.calls.filter((c) => c.Action === "Publish" && c.PhoneNumber === "+14155550123").at(-1);
    assert.equal(text["MessageAttributes.entry.1.Value.StringValue"], "Transactional");
    const code = /\b(\d{6})\b/.exec(text.Message)[1];
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");

    await page.fill("#alerts-code", wrong);
    await page.click("#alerts-confirm");
    await page.waitForFunction(() => document.querySelector("#alerts-status")?.dataset.kind === "error");
    assert.match(await statusText(page), /code is wrong or has expired/);

    await page.fill("#alerts-code", code);
    await page.click("#alerts-confirm");
    await page.waitForFunction(() => document.querySelector("#alerts-status")?.textContent.startsWith("Done"));
    assert.match(await statusText(page), /texted to \+14155550123\. Reply STOP/);
    const subscribe = sns.calls.filter((c) => c.Action === "Subscribe" && c.Endpoint === "+14155550123");
    assert.equal(subscribe.length, 1);
    assert.equal(subscribe[0].Protocol, "sms");
    const expected = replay.ids.filter((id) => id.startsWith("price:")).sort();
    assert.deepEqual(JSON.parse(subscribe[0]["Attributes.entry.1.value"]).metric.sort(), expected);
    assert.equal(sns.badSignatures, 0);
    await page.close();
  });

  const ruleNames = (page) => page.$$eval('input[name="alerts-rule"]', (boxes) => boxes.map((b) => [b.value, b.checked]));

  test("rules: offered unticked with their conditions; every metric and two ticked rules filter on exactly those rules", async () => {
    const page = await open("/");
    assert.deepEqual(await ruleNames(page),
      [["spike", false], ["btc-below-10k", false], ["eth-above-5k", false], ["sol-moves-50", false]]);
    assert.match(await page.locator("#alerts-rules").textContent(), /btc-below-10k — price:btcusd below 10000/);
    assert.match(await page.locator("#alerts-rules").textContent(), /sol-moves-50 — price:solusd moves 50% or more within 60 min/);

    await page.check('input[name="alerts-which"][value="all"]');
    await page.check('input[name="alerts-rule"][value="sol-moves-50"]');
    await page.check('input[name="alerts-rule"][value="btc-below-10k"]');
    await page.fill("#alerts-endpoint", "rules@example.com");
    await page.click("#alerts-submit");
    await page.waitForFunction(() => document.querySelector("#alerts-status")?.textContent.includes("Check your inbox"));

    assert.match(await statusText(page), /Only alerts of the rules btc-below-10k, sol-moves-50\./);
    const subscribe = sns.calls.filter((c) => c.Action === "Subscribe" && c.Endpoint === "rules@example.com");
    assert.equal(subscribe.length, 1);
    assert.equal(subscribe[0]["Attributes.entry.1.key"], "FilterPolicy");
    assert.deepEqual(JSON.parse(subscribe[0]["Attributes.entry.1.value"]), { rule: ["btc-below-10k", "sol-moves-50"] });
    assert.equal(subscribe[0]["Attributes.entry.2.value"], "MessageAttributes");
    await page.close();
  });

  test("rules with this metric: the filter holds the metric and the one ticked rule", async () => {
    const page = await open("/metric/price/ethusd");
    await page.check('input[name="alerts-rule"][value="eth-above-5k"]');
    await page.fill("#alerts-endpoint", "eth-rules@example.com");
    await page.click("#alerts-submit");
    await page.waitForFunction(() => document.querySelector("#alerts-status")?.textContent.includes("Check your inbox"));

    assert.match(await statusText(page), /Only alerts of the rule eth-above-5k\./);
    const subscribe = sns.calls.filter((c) => c.Action === "Subscribe" && c.Endpoint === "eth-rules@example.com");
    assert.equal(subscribe.length, 1);
    assert.equal(subscribe[0]["Attributes.entry.1.value"], '{"metric":["price:ethusd"],"rule":["eth-above-5k"]}');
    assert.equal(sns.badSignatures, 0);
    await page.close();
  });

  test("without SMS on the server, the panel offers email only", async () => {
    const page = await browser.newPage();
    await page.route("**/v1/subscriptions/options", (r) => r.fulfill({
      contentType: "application/json", body: JSON.stringify({ channels: ["email"], smsPrefixes: [], maxMetrics: 150, codeLength: 6 }) }));
    await page.goto(app.base + "/");
    await page.waitForSelector("#alerts-submit");
    assert.equal(await page.locator('input[name="alerts-channel"][value="sms"]').count(), 0);
    assert.equal(await page.locator('input[name="alerts-channel"][value="email"]').count(), 1);
    await page.close();
  });

  test("no console errors", () => {
    assert.deepEqual(errors, []);
  });
});
