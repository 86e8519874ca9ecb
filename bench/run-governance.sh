#!/usr/bin/env bash
# Governance benchmarks: the policy engine per descriptor, and publish -> decision against the running local platform.
#   ./mvnw -DskipTests install && deploy/local/platform up && bench/run-governance.sh [N]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cp="$root/bench/target/meshplane-bench-0.1.0-SNAPSHOT.jar:$root/bench/target/lib/*"
n="${1:-500}"
echo "== machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
echo "== policy engine (in process)"
java -Xmx256m -cp "$cp" dev.meshplane.bench.PolicyEngineBench "$root/policies/mesh-policies.yaml" \
  "$root/examples/sales/orders-daily-summary/dataproduct.yaml" \
  "$root/libs/test-fixtures/src/main/resources/descriptors/sparse-example.yaml"
echo "== publish -> decision (local platform: broker, registry, governance)"
java -Xmx256m -cp "$cp" dev.meshplane.bench.PublishBench 127.0.0.1:9092 http://127.0.0.1:8090/apis/registry/v3 \
  "$root/examples/sales/orders-daily-summary/dataproduct.yaml" "$n"
