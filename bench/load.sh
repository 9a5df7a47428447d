#!/usr/bin/env bash
# Ingest, memory and serving figures of BENCHMARKS.md, from one run on this machine (loopback only, bounded in time).
#   bench/load.sh [METRICS] [SECONDS] [CONNECTIONS]        defaults: 1000 60 32   (SECONDS=0: ingest and memory only)
# Replays METRICS scaled real series × 24 h at Speed=max through the app (the collector's own code path), then loads
# every read endpoint with wrk (apt-get install wrk) and reports requests/s, p50/p99 and errors, and the ratio of each
# endpoint's rate to /v1/health's rate measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
metrics=${1:-1000}; seconds=${2:-60}; conns=${3:-32}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 2; }

for project in src/CryptoTracker.Api bench/CryptoTracker.Bench; do
  dotnet build -c Release -v q -nologo -clp:NoSummary "$project" | (grep -E ' error ' || true)
done
work=$(mktemp -d)
app_pid=""
trap '[ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null; rm -rf "$work"' EXIT
dotnet bench/CryptoTracker.Bench/bin/Release/net10.0/CryptoTracker.Bench.dll make-replay "$metrics" 24 "$work/replay.csv"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
start=$(date +%s.%N)
dotnet src/CryptoTracker.Api/bin/Release/net10.0/CryptoTracker.Api.dll --Tracker:Source=replay \
  --Tracker:Replay:File="$work/replay.csv" --Tracker:Replay:Speed=max --Tracker:Sqlite:Path="$work/tracker.db" \
  --urls "$base" >"$work/app.log" 2>&1 &
app_pid=$!
until curl -sf "$base/v1/health" 2>/dev/null | grep -q '"replayFinished":true'; do
  kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log"; exit 1; }
  sleep 0.2
done
end=$(date +%s.%N)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$app_pid/stat"; } # user + system time of the app, in clock ticks
rss() { awk '/^VmRSS/ {printf "%.0f", $2/1024}' "/proc/$app_pid/status"; }
peak() { awk '/^VmHWM/ {printf "%.0f", $2/1024}' "/proc/$app_pid/status"; }
echo
grep -a "Replay finished" "$work/app.log" | sed 's/^ *//'
printf 'ingest: %s metrics × 1440 min, process start to replayFinished %.1f s; RSS after ingest %s MB (peak %s MB)\n' \
  "$metrics" "$(awk -v a="$end" -v b="$start" 'BEGIN {print a - b}')" "$(rss)" "$(peak)"

if [ "$seconds" = 0 ]; then exit 0; fi

curl -s "$base/v1/metrics" | python3 -c '
import json, sys
ids = [m["id"] for m in json.load(sys.stdin)["metrics"]]
out = {k: open(sys.argv[1] + "/" + k + ".txt", "w") for k in ("detail", "rank", "history")}
for i in ids:
    t, s = i.split(":")
    out["detail"].write(f"/v1/metrics/{t}/{s}\n"); out["rank"].write(f"/v1/metrics/{t}/{s}/rank\n")
    out["history"].write(f"/v1/metrics/{t}/{s}/history\n")
' "$work"
echo "/v1/health" >"$work/health.txt"; echo "/v1/metrics" >"$work/list.txt"
printf '/v1/rankings/price\n/v1/rankings/volume\n' >"$work/rankings.txt"; echo "/v1/alerts" >"$work/alerts.txt"

run_table() { # $1: label, then extra wrk arguments
  local label=$1; shift
  echo
  echo "$label"
  echo
  echo "| endpoint | requests/s | p50 | p99 | errors | ratio to health | server CPU ms per 1,000 requests |"
  echo "|---|---|---|---|---|---|---|"
  local health_rps=""
  for ep in health detail rank history list rankings alerts; do
    cpu0=$(cpu_ticks)
    out=$(wrk -t2 -c"$conns" -d"${seconds}s" --latency "$@" -s bench/wrk-paths.lua "$base" -- "$work/$ep.txt")
    cpu1=$(cpu_ticks)
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out"); p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
    sock=$(awk '/Socket errors/ {s=0; for (i=4;i<=NF;i+=2) {v=$i; gsub(/,/,"",v); s+=v}; print s}' <<<"$out")
    errors=$(( ${non2xx:-0} + ${sock:-0} ))
    [ -z "$health_rps" ] && health_rps=$rps
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    printf '| %s | %.0f | %s | %s | %s | %.2f | %.0f |\n' "$ep" "$rps" "$p50" "$p99" "$errors" \
      "$(awk -v a="$rps" -v b="$health_rps" 'BEGIN {print a / b}')" \
      "$(awk -v d="$((cpu1 - cpu0))" -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN {print d * 1000 / hz / n * 1000}')"
  done
}
# Warm-up, not reported: every endpoint once, so that JIT tiers and the per-tick materialised answers are in place.
for ep in health detail rank history list rankings alerts; do
  wrk -t2 -c"$conns" -d3s -s bench/wrk-paths.lua "$base" -- "$work/$ep.txt" >/dev/null
  wrk -t2 -c"$conns" -d3s -H "Accept-Encoding: gzip" -s bench/wrk-paths.lua "$base" -- "$work/$ep.txt" >/dev/null
done
printf 'RSS after warm-up: %s MB\n' "$(rss)"
run_table "Plain requests (no Accept-Encoding), $conns connections, ${seconds} s per endpoint:"
run_table "Requests with Accept-Encoding: gzip (as browsers and most clients send), $conns connections, ${seconds} s per endpoint:" -H "Accept-Encoding: gzip"
echo
printf 'RSS after the load: %s MB (peak %s MB)\n' "$(rss)" "$(peak)"
