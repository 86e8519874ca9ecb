#!/usr/bin/env bash
# Alert delivery: alert changes on mesh.alerts.quality to the demo inbox's webhook through the alerting service
# (deploy/local/alert-routing.yaml). Latency at RATE alerts/s for SECONDS, then deliveries/s for a burst of BURST.
#   ./mvnw -DskipTests install && deploy/local/platform up && bench/run-alerting.sh [RATE] [SECONDS] [BURST]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cp="$root/bench/target/meshplane-bench-0.1.0-SNAPSHOT.jar:$root/bench/target/lib/*"
rate="${1:-20}"; seconds="${2:-30}"; burst="${3:-2000}"
echo "== machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
java -Xmx512m -Dmeshplane.root="$root" -cp "$cp" dev.meshplane.bench.AlertingBench 127.0.0.1:9092 \
    http://127.0.0.1:8090/apis/registry/v3 http://127.0.0.1:8095 "$rate" "$seconds" "$burst"
echo "== alerting RSS after the run: $(grep VmRSS "/proc/$(cat "$root/.mesh/run/alerting.pid")/status" | awk '{print int($2/1024) " MiB"}')"
