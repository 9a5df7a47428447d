// The dashboard in headless Chromium against the app after a replay: every metric listed with a drawn sparkline, the
// metric page's chart with its spike alert, the stale banner, phone width, and no console error anywhere.
// Needs Chromium at /usr/bin/chromium (or CHROMIUM_PATH): `apt-get install -y chromium`. Without it the suite is skipped.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { buildApp, getJson, repoRoot, startApp, startReplayApp } from "./tracker-app.mjs";

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const skip = existsSync(chromiumPath) ? false
  : `Chromium not found at ${chromiumPath}: browser tests skipped (apt-get install -y chromium, or set CHROMIUM_PATH).`;
if (skip) console.log(`# ${skip}`);

const screenshots = join(repoRoot, "artifacts", "screenshots");

describe("dashboard in a browser", { skip }, () => {
  let browser;
  let app;
  let replay;
  const consoleErrors = [];

  before(async () => {
    const { chromium } = await import("playwright-core");
    mkdirSync(screenshots, { recursive: true });
    buildApp();
    ({ app, replay } = await startReplayApp());
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  /** A page that records console errors, failed requests and uncaught exceptions into `consoleErrors`. */
  async function open(path, { width = 1280, height = 900, base = app.base, record = true, timezoneId = undefined } = {}) {
    const page = await browser.newPage({ viewport: { width, height }, timezoneId });
    if (record) {
      page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(`${path}: ${m.text()}`); });
      page.on("pageerror", (e) => consoleErrors.push(`${path}: uncaught ${e.message}`));
      // Leaving a page aborts its pending fetches on purpose (ERR_ABORTED); any other failure is a fault.
      page.on("requestfailed", (r) => {
        const reason = r.failure()?.errorText ?? "";
        if (!reason.includes("ERR_ABORTED")) consoleErrors.push(`${path}: request failed ${r.url()} ${reason}`);
      });
    }
    await page.goto(base + path);
    return page;
  }

  async function allSparklinesDrawn(page, count) {
    await page.waitForFunction((n) => document.querySelectorAll('canvas.spark[data-drawn="1"]').length === n, count, { timeout: 20_000 });
  }

  test("the overview lists every metric, grouped by type, each with a drawn sparkline", async () => {
    const metrics = (await getJson(app.base, "/v1/metrics")).metrics;
    assert.deepEqual(metrics.map((m) => m.id).sort(), replay.ids);
    const page = await open("/");
    await page.waitForSelector("tr.metric-row");
    await allSparklinesDrawn(page, metrics.length);
    const rows = await page.$$eval("tr.metric-row", (trs) => trs.map((tr) => tr.dataset.id));
    assert.deepEqual(rows.sort(), metrics.map((m) => m.id).sort());
    assert.deepEqual(await page.$$eval("section.group h2", (hs) => hs.map((h) => h.firstChild.textContent)), ["price", "volume"]);

    const sizes = await page.$$eval("canvas.spark", (cs) => cs.map((c) => { const r = c.getBoundingClientRect(); return [r.width, r.height, c.width]; }));
    for (const [w, h, pixels] of sizes) assert.ok(w > 0 && h > 0 && pixels > 0, `sparkline ${w}×${h}`);
    await page.screenshot({ path: join(screenshots, "overview.png"), fullPage: true });
    await page.close();
  });

  test("rows are in volatility order (largest coefficient of variation first) and sort by symbol on demand", async () => {
    const page = await open("/");
    await page.waitForSelector("tr.metric-row");
    for (const type of ["price", "volume"]) {
      const ranking = await getJson(app.base, `/v1/rankings/${type}?by=cv`);
      const shown = await page.$$eval(`table[data-type="${type}"] tr.metric-row`, (trs) => trs.map((tr) => tr.dataset.id.split(":")[1]));
      assert.deepEqual(shown, ranking.entries.map((e) => e.symbol), `${type} in rank order`);
    }
    await page.click('table[data-type="price"] button[data-sort="symbol"]');
    const sorted = await page.$$eval('table[data-type="price"] tr.metric-row', (trs) => trs.map((tr) => tr.dataset.id.split(":")[1]));
    assert.deepEqual(sorted, [...replay.symbols].sort());
    await page.close();
  });

  test("the volatility column shows each metric's cv as a percentage of the mean, its cv rank and its σ rank", async () => {
    const page = await open("/");
    await page.waitForSelector("tr.metric-row td.rank .cv");
    for (const type of ["price", "volume"]) {
      const byCv = (await getJson(app.base, `/v1/rankings/${type}?by=cv`)).entries;
      const bySd = new Map((await getJson(app.base, `/v1/rankings/${type}?by=stddev`)).entries.map((e) => [e.symbol, e.rank]));
      for (const e of byCv) {
        const cell = await page.textContent(`tr.metric-row[data-id="${type}:${e.symbol}"] td.rank`);
        const percent = Number((e.value * 100).toPrecision(3)); // cv is a fraction: 0.0123 is 1.23 %
        assert.match(cell, new RegExp(`^#${e.rank} ${String(percent).replace(".", "\\.")} % of ${byCv.length} · σ #${bySd.get(e.symbol)}$`), `${type}:${e.symbol}: ${cell}`);
      }
    }
    // The overview says exactly what the number is.
    assert.match(await page.textContent(".lede"), /coefficient of variation: the standard deviation as a percentage of the mean/);
    // Each sparkline states its range relative to the mean, so a flat stablecoin is not mistaken for a wild one.
    await allSparklinesDrawn(page, replay.ids.length);
    assert.match(await page.textContent(`tr.metric-row[data-id="price:${replay.symbols[0]}"] .range`), /^range \d+(\.\d+)? %$/);
    // Prices carry their quote currency, volumes their base asset.
    const btc = await page.textContent('tr.metric-row[data-id="price:btcusd"] td:nth-child(2)');
    assert.match(btc, / USD$/);
    assert.match(await page.textContent('tr.metric-row[data-id="volume:btcusd"] td:nth-child(2)'), / BTC$/);

    const metric = await open("/metric/price/btcusd");
    const detail = await getJson(app.base, "/v1/metrics/price/btcusd");
    await metric.waitForFunction(() => /Volatility \(cv\)/.test(document.body.textContent));
    const stats = await metric.textContent("#view");
    assert.match(stats, new RegExp(`Volatility \\(cv\\)${String(Number((detail.stats.cv * 100).toPrecision(3))).replace(".", "\\.")} %`));
    await metric.close();
    await page.close();
  });

  test("a replay is shown as such, with the data's time instead of the wall clock", async () => {
    const health = await getJson(app.base, "/v1/health");
    const page = await open("/");
    await page.waitForSelector("#replay:not([hidden])");
    const clock = new Date(health.clock).toISOString().slice(0, 16).replace("T", " ");
    assert.equal(await page.textContent("#replay"), `Replay · data time ${clock} UTC · finished`);
    await page.close();
  });

  test("the time toggle switches every time between UTC and the browser's zone, and is remembered", async () => {
    const health = await getJson(app.base, "/v1/health");
    const page = await open("/", { timezoneId: "Asia/Tokyo" });
    await page.waitForSelector("#replay:not([hidden])");
    assert.equal(await page.textContent("#zone"), "Times: UTC");
    await page.click("#zone");
    await page.waitForFunction(() => document.getElementById("replay").textContent.includes("local"));
    const tokyo = new Date(Date.parse(health.clock) + 9 * 3600_000).toISOString().slice(0, 16).replace("T", " ");
    assert.equal(await page.textContent("#replay"), `Replay · data time ${tokyo} local · finished`);
    await page.reload();
    await page.waitForSelector("#replay:not([hidden])");
    assert.equal(await page.textContent("#zone"), "Times: local");
    await page.click("#zone"); // back to UTC for the other tests of this browser
    await page.close();
  });

  test("the spike is highlighted on the overview", async () => {
    const page = await open("/");
    const id = `${replay.spike.type}:${replay.spike.symbol}`;
    await page.waitForSelector(`tr.metric-row.has-alert[data-id="${id}"]`);
    assert.equal(await page.$$eval("tr.metric-row.has-alert", (trs) => trs.length), 1, "only the spiking metric is highlighted");
    const recent = await page.textContent(".alerts-panel");
    assert.match(recent, new RegExp(`${replay.spike.symbol}`, "i"));
    await page.close();
  });

  test("clicking a metric shows its chart, statistics, rank and the spike alert", async () => {
    const page = await open("/");
    const { type, symbol, t } = replay.spike;
    await page.click(`tr.metric-row[data-id="${type}:${symbol}"] a`);
    await page.waitForURL(`**/metric/${type}/${symbol}`);
    await page.waitForSelector("#metric-chart canvas");
    await page.waitForSelector(".alert-row");
    const box = await page.$eval("#metric-chart canvas", (c) => { const r = c.getBoundingClientRect(); return { w: r.width, h: r.height }; });
    assert.ok(box.w > 200 && box.h > 100, `chart ${box.w}×${box.h}`);

    const detail = await getJson(app.base, `/v1/metrics/${type}/${symbol}`);
    assert.equal(await page.$eval("#metric-chart", (c) => c.dataset.points), String(detail.stats.count));
    assert.equal(await page.$eval("#metric-chart", (c) => c.dataset.alerts), "1", "the spike is marked on the chart");
    const alertRows = await page.$$eval(".alert-row td:first-child", (tds) => tds.map((td) => td.textContent));
    assert.deepEqual(alertRows, [`${t.slice(0, 16).replace("T", " ")} UTC`]);
    const stats = await page.textContent("#metric-stats");
    assert.match(stats, new RegExp(`#${detail.rank.rank} of ${detail.rank.total}`));
    assert.match(stats, /Mean/);
    await page.screenshot({ path: join(screenshots, "metric.png"), fullPage: true });

    await page.click('a[href="/"]');
    await page.waitForSelector("tr.metric-row");
    await page.close();
  });

  test("an aggregate's page lists the markets behind it; a metric without markets shows no such panel", async () => {
    const page = await open("/metric/price/btcusd");
    await page.waitForSelector("#metric-markets:not([hidden]) tr.market-row");
    const markets = await page.$$eval("tr.market-row", (rows) => rows.map((r) => r.dataset.market).sort());
    assert.deepEqual(markets, ["binance", "kraken"]);
    const api = await getJson(app.base, "/v1/metrics/price/btcusd/markets");
    const kraken = api.markets.find((m) => m.market === "kraken");
    const shown = await page.$eval('tr.market-row[data-market="kraken"] td.num', (td) => td.textContent);
    assert.equal(shown.replace(/[^0-9.]/g, ""), kraken.latest.v.toFixed(2), "the market's latest value");
    await page.click('tr.market-row[data-market="kraken"] a');
    await page.waitForURL(/\/metric\/price\/btcusd(@|%40)kraken$/);
    await page.waitForSelector("#metric-chart canvas");
    assert.equal(await page.$eval("#metric-markets", (p) => p.hidden), true, "one market's own series has no markets panel");
    await page.close();

    const plain = await open("/metric/price/ethusd");
    await plain.waitForSelector("#metric-chart canvas");
    await plain.waitForFunction(() => document.getElementById("metric-status")?.textContent.startsWith("Window"));
    assert.equal(await plain.$eval("#metric-markets", (p) => p.hidden), true);
    await plain.close();
  });

  test("the metric route loads directly, and an unknown metric says so", async () => {
    const page = await open("/metric/price/btcusd");
    await page.waitForSelector("#metric-chart canvas");
    assert.match(await page.title(), /btcusd/);
    await page.close();

    // The 404 from the API shows as a console error by design: not recorded.
    const missing = await open("/metric/price/nosuchusd", { record: false });
    await missing.waitForFunction(() => /Not tracked/.test(document.getElementById("metric-status")?.textContent ?? ""));
    await missing.close();
  });

  test("phone width (375 px): overview and metric page fit without horizontal scrolling", async () => {
    const page = await open("/", { width: 375, height: 812 });
    await page.waitForSelector("tr.metric-row");
    await allSparklinesDrawn(page, replay.ids.length);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `overview overflows by ${overflow}px`);
    for (const right of await page.$$eval("table.metrics", (ts) => ts.map((t) => t.getBoundingClientRect().right)))
      assert.ok(right <= 375, `table ends at ${right}px`);
    await page.screenshot({ path: join(screenshots, "overview-phone.png"), fullPage: true });

    await page.click(`tr.metric-row[data-id="volume:${replay.spike.symbol}"] a`);
    await page.waitForSelector("#metric-chart canvas");
    const chartRight = await page.$eval("#metric-chart canvas", (c) => c.getBoundingClientRect().right);
    assert.ok(chartRight <= 375, `chart ends at ${chartRight}px`);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "metric page overflows");
    await page.screenshot({ path: join(screenshots, "metric-phone.png"), fullPage: true });
    await page.close();
  });

  test("the API reference at /docs renders every operation from /openapi/v1.json", async () => {
    const page = await open("/docs");
    await page.waitForSelector(".opblock", { timeout: 20_000 });
    const paths = await page.$$eval(".opblock-summary-path", (ps) => ps.map((p) => p.textContent.replace(/\u200b/g, "")));
    // 10 GET operations (with /v1/rules and /v1/subscriptions/options), POST and DELETE /v1/subscriptions, POST …/confirm
    assert.equal(paths.length, 13, paths.join(", "));
    await page.screenshot({ path: join(screenshots, "docs.png") });
    await page.close();
  });

  test("a stale collector shows the banner with its reasons", async () => {
    // A live source that cannot be reached: nothing is collected and the source fails, so health is degraded.
    const stale = await startApp({ Source: "kraken", "Kraken:BaseUrl": "http://127.0.0.1:9", "Collector:FetchAttempts": 1 });
    try {
      const health = await getJson(stale.base, "/v1/health");
      assert.equal(health.status, "degraded");
      const page = await open("/", { base: stale.base });
      await page.waitForSelector("#banner:not([hidden])");
      const text = await page.textContent("#banner");
      assert.match(text, /stale/i);
      // The reasons come from /v1/health as they are when the page polls (the failure count can grow in between).
      assert.match(text, /no data collected yet/);
      // The empty page says why, that it retries, and how to run without a network.
      await page.waitForFunction(() => /could not be reached/.test(document.getElementById("overview-status")?.textContent ?? ""));
      assert.match(await page.textContent("#overview-status"), /^No data yet: kraken could not be reached \(.+\)\. The tracker tries again every minute\. No network\? Run it with --Tracker:Source=demo\.$/);
      assert.ok(await page.$$eval("#banner li", (lis) => lis.length) >= 1);
      await page.screenshot({ path: join(screenshots, "stale-banner.png") });
      await page.close();
    } finally {
      await stale.stop();
    }
  });

  test("the healthy replay shows no banner", async () => {
    const page = await open("/");
    await page.waitForSelector("tr.metric-row");
    assert.equal(await page.$eval("#banner", (b) => b.hidden), true);
    await page.close();
  });

  test("no console error, failed request or uncaught exception on any page", () => {
    assert.deepEqual(consoleErrors, []);
  });
});
