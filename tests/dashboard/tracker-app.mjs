// Starts CryptoTracker.Api on loopback for the dashboard tests, the way a person would: the built dll, a temporary
// SQLite file, a generated replay or an unreachable live source.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const project = join(repoRoot, "src", "CryptoTracker.Api");
const configuration = process.env.CONFIGURATION ?? "Debug";
const dll = join(project, "bin", configuration, "net10.0", "CryptoTracker.Api.dll");

/** Builds the API (which builds the dashboard) unless DASHBOARD_TESTS_NO_BUILD=1 says the caller already did. */
export function buildApp() {
  if (process.env.DASHBOARD_TESTS_NO_BUILD !== "1") {
    const r = spawnSync("dotnet", ["build", project, "-c", configuration, "-nologo", "-v", "q", "-clp:NoSummary"], { stdio: "inherit" });
    if (r.status !== 0) throw new Error(`dotnet build failed (exit ${r.status})`);
  }
  if (!existsSync(dll)) throw new Error(`No ${dll}: build CryptoTracker.Api first.`);
}

export async function freePort() {
  return new Promise((res, rej) => {
    const server = createServer();
    server.once("error", rej);
    server.listen(0, "127.0.0.1", () => { const { port } = server.address(); server.close(() => res(port)); });
  });
}

/** Starts the app with --Tracker:* settings (and extra environment variables); resolves once it answers /v1/health. */
export async function startApp(settings, env = {}) {
  const dir = mkdtempSync(join(tmpdir(), "tracker-dashboard-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const args = [dll, `--urls=${base}`, `--Tracker:Sqlite:Path=${join(dir, "tracker.db")}`,
    ...Object.entries(settings).map(([k, v]) => `--Tracker:${k}=${v}`)];
  const child = spawn("dotnet", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  let log = "";
  child.stdout.on("data", (d) => { log += d; });
  child.stderr.on("data", (d) => { log += d; });
  const app = {
    base, dir, child,
    get log() { return log; },
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await Promise.race([new Promise((r) => child.once("exit", r)), sleep(10_000)]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await waitFor(async () => (await fetch(`${base}/v1/health`)).ok, 60_000, () => `app did not start:\n${log}`, child);
  } catch (e) {
    await app.stop();
    throw e;
  }
  return app;
}

export async function waitFor(check, timeoutMs, message, child) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`${message()} (exited with ${child.exitCode})`);
    try { if (await check()) return; } catch { /* not yet */ }
    if (Date.now() > until) throw new Error(message());
    await sleep(250);
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function getJson(base, path) {
  const r = await fetch(base + path);
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r.json();
}

/**
 * A replay of `hours` of minutes for a few symbols: prices in slow waves, volumes steady around their base (within
 * ±10 %, so never near 3× the hourly mean) except one tenfold volume spike. Returns the file and what the test must
 * find: the spike's metric and minute, and the metric list.
 */
export function writeReplay(dir, { hours = 26, start = Date.UTC(2026, 0, 10, 0, 0) } = {}) {
  const symbols = [
    { symbol: "btcusd", price: 42_000, volume: 120 },
    { symbol: "ethusd", price: 2_500, volume: 900 },
    { symbol: "solusd", price: 95, volume: 15_000 },
    // Two markets' own series of btcusd (symbol@market, as several sources store them): the metric page lists them.
    { symbol: "btcusd@kraken", price: 42_010, volume: 70 },
    { symbol: "btcusd@binance", price: 41_990, volume: 50 },
  ];
  const minutes = hours * 60;
  const spikeMinute = minutes - 90; // inside the last 24 h, well after the first hour (the rule needs 30 points)
  const spike = { type: "volume", symbol: "ethusd", t: new Date(start + spikeMinute * 60_000).toISOString().replace(".000Z", "Z") };
  const lines = ["time,symbol,price,volume"];
  for (let m = 0; m < minutes; m++) {
    const t = new Date(start + m * 60_000).toISOString().replace(".000Z", "Z");
    symbols.forEach((s, i) => {
      const price = s.price * (1 + 0.02 * Math.sin((m + i * 100) / 180) + 0.002 * Math.sin(m * 1.7 + i));
      let volume = s.volume * (1 + 0.1 * Math.sin(m / 7 + i));
      if (s.symbol === spike.symbol && m === spikeMinute) volume = s.volume * 10;
      lines.push(`${t},${s.symbol},${price.toFixed(4)},${volume.toFixed(3)}`);
    });
  }
  const file = join(dir, "replay.csv");
  writeFileSync(file, lines.join("\n") + "\n");
  const ids = symbols.flatMap((s) => [`price:${s.symbol}`, `volume:${s.symbol}`]).sort();
  return { file, spike, ids, symbols: symbols.map((s) => s.symbol) };
}

/** A replay app, started and run to the end of its file; `settings` adds --Tracker:* settings (e.g. alert rules). */
export async function startReplayApp(settings = {}) {
  const dir = mkdtempSync(join(tmpdir(), "tracker-replay-"));
  const replay = writeReplay(dir);
  const app = await startApp({ Source: "replay", "Replay:File": replay.file, "Replay:Speed": "max", ...settings });
  await waitFor(async () => (await getJson(app.base, "/v1/health")).replayFinished === true, 120_000,
    () => `replay did not finish:\n${app.log}`, app.child);
  const stop = app.stop;
  app.stop = async () => { await stop(); rmSync(dir, { recursive: true, force: true }); };
  return { app, replay };
}
