#!/usr/bin/env bash
# Quality benchmark: N results for M products through the real broker; the quality service's results/s beside a
# plain consumer's raw read of the same records.
#   ./mvnw -DskipTests install && deploy/local/platform up && bench/run-quality.sh [N] [M]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cp="$root/bench/target/meshplane-bench-0.1.0-SNAPSHOT.jar:$root/bench/target/lib/*"
echo "== machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
java -Xmx512m -cp "$cp" dev.meshplane.bench.QualityBench 127.0.0.1:9092 http://127.0.0.1:8090/apis/registry/v3 \
  "${1:-100000}" "${2:-1000}"
