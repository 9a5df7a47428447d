// The README's run commands, exactly as written, from the repository root: each `dotnet run --project …` line of its
// shell blocks is run with bash, and must serve the API (the replay to its end, the demo with metrics, the default run
// at least its health). Bounded in time; the port comes from ASPNETCORE_URLS so that the commands stay as written.
// Configuration=Release in the environment reuses the build the test script made (MSBuild reads it as a property).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { freePort, getJson, repoRoot, waitFor } from "./tracker-app.mjs";

const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
// A command continued with a trailing backslash is one command: joined as the shell would.
const runs = blocks.flatMap((b) => b.replace(/\\\n\s*/g, "").split("\n")).filter((l) => l.startsWith("dotnet run --project src/CryptoTracker.Api"));

test("the README has the run, demo and replay commands", () => {
  assert.ok(runs.includes("dotnet run --project src/CryptoTracker.Api"), "the default run");
  assert.ok(runs.some((l) => l.includes("--Tracker:Source=demo")), "the demo");
  assert.ok(runs.some((l) => l.includes("--Tracker:Source=replay")), "the replay");
  assert.ok(blocks.some((b) => b.includes("./scripts/test.sh")), "the test command");
});

for (const command of runs.filter((l) => !l.includes("dynamodb") && !l.includes("Tracker:Sources"))) {
  test(`as written from the repository root: ${command}`, { timeout: 600_000 }, async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const dataBefore = existsSync(join(repoRoot, "data"));
    const child = spawn("bash", ["-c", command], {
      cwd: repoRoot, detached: true, stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ASPNETCORE_URLS: base, Configuration: process.env.CONFIGURATION ?? "Release" },
    });
    let log = "";
    child.stdout.on("data", (d) => { log += d; });
    child.stderr.on("data", (d) => { log += d; });
    try {
      await waitFor(async () => (await fetch(`${base}/v1/health`)).ok, 540_000, () => `no answer:\n${log}`, child);
      if (command.includes("replay")) {
        await waitFor(async () => (await getJson(base, "/v1/health")).replayFinished === true, 60_000, () => `replay unfinished:\n${log}`, child);
        assert.ok((await getJson(base, "/v1/metrics")).metrics.length > 0, "the replayed metrics are served");
      } else if (command.includes("demo")) {
        await waitFor(async () => (await getJson(base, "/v1/metrics")).metrics.length > 0, 60_000, () => `no demo data:\n${log}`, child);
        assert.ok((await getJson(base, "/v1/rankings/volume")).entries.length > 0, "the README's curl example answers");
      }
      assert.doesNotMatch(log, /^\s+at /m, "no stack trace");
    } finally {
      try { process.kill(-child.pid, "SIGTERM"); } catch { /* already gone */ }
      await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
      // The commands store under data/ of the repository root; leave the clone as it was.
      if (!dataBefore) rmSync(join(repoRoot, "data"), { recursive: true, force: true });
    }
  });
}
