#!/usr/bin/env bash
# Throughput that scales, measured side by side in one run: the quality service with one replica, then with two
# replicas on the same broker, each on a fresh backlog of N results for M products; then the framework's own ceiling,
# a minimal Kafka Streams app copying the same topic with the same guarantee (StreamsCeilingBench).
#   ./mvnw -DskipTests install && deploy/local/platform up && bench/run-scaling.sh [N] [M]
# Catalog, freshness and governance are stopped first, so the cores are shared only by the broker, the quality
# replicas and the bench's readers (which read after the service has caught up). Each round starts its replicas and
# lets the group settle, writes new products (which the replicas read), pauses them (SIGSTOP, idle, so no transaction
# is open; shorter than the 10 s session) while the results are written as a backlog, and resumes them (SIGCONT): the
# round measures the group at work, not its start-up.
# `deploy/local/platform up` starts the other services again; `deploy/local/platform stop quality-2` the replica.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cp="$root/bench/target/meshplane-bench-0.1.0-SNAPSHOT.jar:$root/bench/target/lib/*"
bench=(java -Xmx512m -Dmeshplane.root="$root" -cp "$cp")
kafka=127.0.0.1:9092
registry=http://127.0.0.1:8090/apis/registry/v3
n="${1:-100000}"
m="${2:-1000}"
state="$(mktemp)"
pids=()
trap 'for p in "${pids[@]}"; do kill -CONT "$p" 2>/dev/null || true; done; rm -f "$state"' EXIT
echo "== machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
"$root/deploy/local/platform" stop quality catalog freshness governance >/dev/null

round() { # $1: replicas
  "$root/deploy/local/platform" up --replicas "quality=$1" quality | grep quality
  sleep 15 # the group settles: every replica joined, tasks assigned, standbys placed
  pids=("$(cat "$root/.mesh/run/quality.pid")")
  if [[ "$1" == 2 ]]; then pids+=("$(cat "$root/.mesh/run/quality-2.pid")"); fi
  # the products first, read by the running service; then the results as a backlog while it is paused
  "${bench[@]}" dev.meshplane.bench.QualityBench write-products "$kafka" "$registry" "$m" "$state" 2>/dev/null
  sleep 5
  kill -STOP "${pids[@]}"
  "${bench[@]}" dev.meshplane.bench.QualityBench write-results "$kafka" "$registry" "$n" "$state" 2>/dev/null
  kill -CONT "${pids[@]}"
  "${bench[@]}" dev.meshplane.bench.QualityBench measure "$kafka" "$registry" "$state" 2>/dev/null
  for p in "${pids[@]}"; do echo "replica pid $p RSS: $(grep VmRSS /proc/"$p"/status | awk '{print $2/1024}') MiB"; done
  "$root/deploy/local/platform" stop quality >/dev/null
}
echo "== one replica of quality"
round 1
echo "== two replicas of quality (the second on 9082)"
round 2
echo "== the framework's ceiling on the same broker: the results so far (both backlogs), copied once more"
"${bench[@]}" dev.meshplane.bench.StreamsCeilingBench "$kafka" "$((2 * n))" 2>/dev/null
