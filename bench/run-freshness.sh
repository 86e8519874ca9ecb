#!/usr/bin/env bash
# Freshness benchmark: N tracked products (default 1,000,000) with staggered deadlines on the real broker; alert
# lateness p50/p99 and the freshness service's memory.
#   ./mvnw -DskipTests install && bench/run-freshness.sh [N] [LEAD_SECONDS] [SPREAD_SECONDS]
# It needs a platform of its own: it WIPES .mesh/ (deploy/local/platform down; rm -rf .mesh), starts the platform,
# stops governance, catalog and quality (they would fold the same N products, which is not what is measured here),
# runs, prints, and wipes .mesh/ again.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cp="$root/bench/target/meshplane-bench-0.1.0-SNAPSHOT.jar:$root/bench/target/lib/*"
platform="$root/deploy/local/platform"
echo "== machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
"$platform" down >/dev/null
rm -rf "$root/.mesh"
"$platform" up | grep -E "kafka|registry|freshness"
"$platform" stop governance catalog quality
pid="$(cat "$root/.mesh/run/freshness.pid")"
java -Xmx1g -Dmeshplane.root="$root" -cp "$cp" dev.meshplane.bench.FreshnessBench 127.0.0.1:9092 http://127.0.0.1:8090/apis/registry/v3 \
  "${1:-1000000}" "${2:-180}" "${3:-300}"
echo "freshness service memory: $(grep -E 'VmRSS|VmHWM' /proc/"$pid"/status | awk '{printf "%s %.0f MiB  ", $1, $2/1024}')"
echo "freshness state on disk: $(du -sh "$root/.mesh/state/freshness" | cut -f1)"
"$platform" down >/dev/null
rm -rf "$root/.mesh"
