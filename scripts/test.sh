#!/usr/bin/env bash
# Runs every test of the repository: .NET unit and integration tests (real HTTP, SQLite, dynalite, a local SNS endpoint,
# CDK assertions), the dashboard in headless Chromium, the OpenAPI document, and an offline `cdk synth`.
# Needs the .NET 10 SDK and Node 20+. Tests that need ../shared/data or Chromium skip with a message when those are absent.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -f package-lock.json ] && [ ! -d node_modules ]; then
  echo "Installing npm packages (npm ci)…"
  npm ci --no-audit --no-fund --loglevel=error
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test CryptoTracker.sln --nologo -c Release 2>&1 | tee "$log" || status=$?

# Dashboard (headless Chromium via playwright-core) and OpenAPI tests, on the Release build made above.
# Without /usr/bin/chromium the browser suite skips with a message (CI installs it).
echo "dashboard and OpenAPI tests (node --test)…"
CONFIGURATION=Release DASHBOARD_TESTS_NO_BUILD=1 npm run --silent test:dashboard 2>&1 | tee -a "$log" || status=1

# The CDK app must synthesize offline, without AWS credentials (the infra tests check the template's content). Synth
# builds the Lambda artifact exactly as `cdk deploy` would (dotnet publish, ReadyToRun; reused from cdk.out while the
# sources are unchanged), and the artifact must hold what the functions start: run.sh and the app, without source maps.
if [ -x node_modules/.bin/cdk ]; then
  echo "cdk synth (builds the Lambda artifact)…"
  if node_modules/.bin/cdk synth --quiet >/dev/null 2>"$log.cdk"; then
    node -e '
      const fs = require("fs"), path = require("path");
      const manifest = JSON.parse(fs.readFileSync("cdk.out/CryptoTracker.assets.json", "utf8"));
      const dirs = Object.values(manifest.files).map(f => path.join("cdk.out", f.source.path)).filter(d => fs.existsSync(path.join(d, "run.sh")));
      if (dirs.length !== 1) throw new Error(`expected one Lambda artifact in cdk.out, found ${dirs.length}`);
      const dir = dirs[0], executable = f => (fs.statSync(path.join(dir, f)).mode & 0o100) !== 0;
      if (fs.readFileSync(path.join(dir, "run.sh"), "utf8") !== "#!/bin/bash\nexec ./CryptoTracker.Api\n" || !executable("run.sh")) throw new Error("run.sh is wrong");
      if (!executable("CryptoTracker.Api")) throw new Error("no executable app host");
      if (!fs.existsSync(path.join(dir, "wwwroot/assets/docs/swagger-ui-bundle.js.gz"))) throw new Error("static assets are not precompressed");
      const maps = fs.readdirSync(dir, { recursive: true }).filter(f => String(f).endsWith(".map"));
      if (maps.length) throw new Error(`source maps in the artifact: ${maps.join(", ")}`);
      console.log(`Lambda artifact ${dir}: run.sh, app host, precompressed assets, no source maps`);
    ' || { echo "cdk synth: the Lambda artifact is incomplete"; status=1; }
  else
    cat "$log.cdk"; echo "cdk synth failed"; status=1
  fi
  rm -f "$log.cdk"
fi

# One closing line over all test projects: "tests: N passed, N failed, N skipped".
awk '/(Passed|Failed)! +- +Failed:/ {
       for (i = 1; i <= NF; i++) { v = $(i+1); gsub(/,/, "", v);
         if ($i == "Failed:") f += v; if ($i == "Passed:") p += v; if ($i == "Skipped:") s += v } }
     /^# pass [0-9]+$/ { p += $3 } /^# fail [0-9]+$/ { f += $3 } /^# skipped [0-9]+$/ { s += $3 }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit $status
