#!/usr/bin/env bash
# Quality benchmark: N results for M products as a backlog on the real broker; the quality service's results/s
# beside a plain consumer's raw read of the same records (the ceiling).
#   ./mvnw -DskipTests install && deploy/local/platform up && bench/run-quality.sh [N] [M]
# Two rounds. Round 1 stops the quality service while it writes the backlog and starts it again alone
# (`platform up quality`): the catalog, freshness and governance services are stopped too, so the two cores are
# shared only by the broker, the quality service and the readers. Round 2 measures the same, now warm, service on a
# second backlog. `deploy/local/platform up` starts the other services again afterwards.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cp="$root/bench/target/meshplane-bench-0.1.0-SNAPSHOT.jar:$root/bench/target/lib/*"
bench=(java -Xmx512m -Dmeshplane.root="$root" -cp "$cp" dev.meshplane.bench.QualityBench)
kafka=127.0.0.1:9092
registry=http://127.0.0.1:8090/apis/registry/v3
state="$(mktemp)"
trap 'rm -f "$state"' EXIT
echo "== machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
rss() { echo "quality service RSS: $(grep VmRSS /proc/"$1"/status | awk '{print $2/1024}') MiB"; }
echo "== round 1: a cold service (just started, JIT not warmed up)"
"$root/deploy/local/platform" stop quality catalog freshness governance
"${bench[@]}" write "$kafka" "$registry" "${1:-100000}" "${2:-1000}" "$state"
"$root/deploy/local/platform" up quality | grep quality
pid="$(cat "$root/.mesh/run/quality.pid")"
"${bench[@]}" measure "$kafka" "$registry" "$state"
rss "$pid"
echo "== round 2: the same service, warm: paused (SIGSTOP, idle, so no transaction is open) while a second backlog"
echo "   for as many new products is written, then resumed (SIGCONT)"
kill -STOP "$pid"
trap 'kill -CONT "$pid" 2>/dev/null; rm -f "$state"' EXIT
"${bench[@]}" write "$kafka" "$registry" "${1:-100000}" "${2:-1000}" "$state"
kill -CONT "$pid"
"${bench[@]}" measure "$kafka" "$registry" "$state"
rss "$pid"
