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

# The CDK app must synthesize offline, without AWS credentials (the infra tests check the template's content).
if [ -x node_modules/.bin/cdk ]; then
  echo "cdk synth…"
  node_modules/.bin/cdk synth --quiet >/dev/null 2>"$log.cdk" || { cat "$log.cdk"; echo "cdk synth failed"; status=1; }
  rm -f "$log.cdk"
fi

# One closing line over all test projects: "tests: N passed, N failed, N skipped".
awk '/(Passed|Failed)! +- +Failed:/ {
       for (i = 1; i <= NF; i++) { v = $(i+1); gsub(/,/, "", v);
         if ($i == "Failed:") f += v; if ($i == "Passed:") p += v; if ($i == "Skipped:") s += v } }
     /^# pass [0-9]+$/ { p += $3 } /^# fail [0-9]+$/ { f += $3 } /^# skipped [0-9]+$/ { s += $3 }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit $status
