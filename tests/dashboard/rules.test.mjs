// Alert rules on the dashboard: the metric page draws an above/below rule's level across the chart and marks the rule's
// alerts like spike alerts, and /v1/rules lists the rule. The expected alerts are computed here from the replay file.
// Needs Chromium at /usr/bin/chromium (or CHROMIUM_PATH); skipped without it.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { buildApp, getJson, startReplayApp } from "./tracker-app.mjs";

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const skip = existsSync(chromiumPath) ? false
  : `Chromium not found at ${chromiumPath}: browser tests skipped (apt-get install -y chromium, or set CHROMIUM_PATH).`;

const LEVEL = 42_630; // btcusd waves ±2 % around 42,000 in the replay: it crosses this level now and then
const COOLDOWN_MIN = 60;

/** The rule's text applied to the file: fires when price > LEVEL and the previous point was not, at most once per cooldown. */
function expectedAlerts(file) {
  const points = readFileSync(file, "utf8").trim().split("\n").slice(1)
    .map((l) => l.split(",")).filter((c) => c[1] === "btcusd").map((c) => ({ t: Date.parse(c[0]), v: Number(c[2]) }));
  const fired = [];
  let previous = false;
  for (const p of points) {
    const holds = p.v > LEVEL;
    if (holds && !previous && (fired.length === 0 || fired[fired.length - 1] <= p.t - COOLDOWN_MIN * 60_000)) fired.push(p.t);
    previous = holds;
  }
  return { fired, last: points[points.length - 1].t };
}

describe("alert rules on the dashboard", { skip }, () => {
  let browser;
  let app;
  let replay;

  before(async () => {
    const { chromium } = await import("playwright-core");
    buildApp();
    ({ app, replay } = await startReplayApp({
      "Alerts:Rules:0:Name": "btc-above", "Alerts:Rules:0:Metric": "price:btcusd", "Alerts:Rules:0:Above": String(LEVEL),
    }));
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  test("/v1/rules lists the rule with its last alert", async () => {
    const { fired } = expectedAlerts(replay.file);
    assert.ok(fired.length >= 2, `the replay crosses the level more than once (${fired.length})`);
    const { rules } = await getJson(app.base, "/v1/rules");
    assert.equal(rules.length, 1);
    assert.deepEqual({ ...rules[0], state: undefined, lastEvaluated: undefined },
      { name: "btc-above", metric: "price:btcusd", kind: "above", threshold: LEVEL, window: null, cooldown: 60,
        state: undefined, lastFired: new Date(fired[fired.length - 1]).toISOString().replace(".000Z", "Z"), lastEvaluated: undefined });
  });

  test("the metric page draws the level and marks each rule alert of the window", async () => {
    const { fired, last } = expectedAlerts(replay.file);
    const inWindow = fired.filter((t) => t > last - 24 * 3600_000).length;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${app.base}/metric/price/btcusd`);
    await page.waitForSelector("#metric-chart canvas");
    await page.waitForSelector('.alert-row[data-rule="btc-above"]');
    assert.equal(await page.$eval("#metric-chart", (c) => c.dataset.levels), String(LEVEL));
    assert.equal(await page.$eval("#metric-chart", (c) => c.dataset.alerts), String(inWindow), "rule alerts marked on the chart");
    assert.equal(await page.$$eval('.alert-row[data-rule="btc-above"]', (rows) => rows.length), fired.length, "every kept rule alert listed");
    assert.match(await page.textContent("#metric-alerts"), /btc-above \(above 42,630/);
    assert.match(await page.textContent(".chart-note"), /Dashed: btc-above, above 42,630/);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
