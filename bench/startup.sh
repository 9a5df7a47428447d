#!/usr/bin/env bash
# Time from process start to the first successful response, for the published (ReadyToRun, linux-x64) app: the artifact
# the Lambda functions run. bench/startup.sh [RUNS]  (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
dotnet publish src/CryptoTracker.Api -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$work/app" -v q -nologo >/dev/null
times=()
for i in $(seq 1 "$runs"); do
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  t0=$(date +%s%N)
  "$work/app/CryptoTracker.Api" --Tracker:Source=demo --Tracker:Collector:Backfill=false \
    --Tracker:Sqlite:Path="$work/s$i.db" --urls "http://127.0.0.1:$port" >/dev/null 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/v1/health"; do sleep 0.005; done
  t1=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  times+=($(( (t1 - t0) / 1000000 )))
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
echo "start to first /v1/health 200 (ms), $runs runs: $(echo $sorted | tr '\n' ' ')"
echo "median $(sed -n "$(( (runs + 1) / 2 ))p" <<<"$sorted") ms"
