#!/usr/bin/env bash
# Runs every test of the repository: .NET unit, integration (real HTTP, SQLite, dynalite) and browser tests.
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
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit $status
