#!/usr/bin/env bash
# Publishes the CryptoTracker web app as the one Lambda artifact shared by the collector, api and
# subscriptions functions (infra/CryptoTracker.Infra picks it up from artifacts/lambda).
#
# Framework-dependent + ReadyToRun: the dotnet10 Lambda runtime supplies .NET, R2R trims JIT time
# from cold starts.
#
# Usage: scripts/package-lambda.sh [output-dir]   (default: artifacts/lambda at the repository root)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
project="$repo_root/src/CryptoTracker.Api"
out="${1:-$repo_root/artifacts/lambda}"

if [[ ! -d "$project" ]]; then
  echo "package-lambda: $project does not exist; nothing to publish." >&2
  exit 1
fi

# Start clean so files deleted from the app do not linger in the deployed zip.
rm -rf "$out"
mkdir -p "$out"

dotnet publish "$project" \
  -c Release \
  -r linux-x64 \
  --self-contained false \
  -p:PublishReadyToRun=true \
  -o "$out"

if [[ ! -f "$out/CryptoTracker.Api" ]]; then
  echo "package-lambda: expected the app host $out/CryptoTracker.Api after publish." >&2
  exit 1
fi

# The Lambda handler: the Web Adapter (AWS_LAMBDA_EXEC_WRAPPER=/opt/bootstrap) runs it and waits
# for the app to answer its readiness check.
printf '#!/bin/bash\nexec ./CryptoTracker.Api\n' > "$out/run.sh"
chmod 755 "$out/run.sh" "$out/CryptoTracker.Api"

echo "package-lambda: artifact ready in $out"
