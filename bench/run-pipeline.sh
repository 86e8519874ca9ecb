#!/usr/bin/env bash
# Pipeline benchmark: `mesh run` of a PostgreSQL table of N rows (default 1,000,000) into its output topic, beside a
# plain Kafka producer writing the same records (the ceiling), and the runner's memory while it runs.
#   ./mvnw -DskipTests install && deploy/local/platform up && bench/run-pipeline.sh [N]
# Needs PostgreSQL on 127.0.0.1:5432 (database test, trust auth); leaves the table orders_bench and the product
# sales/orders-bench behind.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
n="${1:-1000000}"
cp="$root/bench/target/meshplane-bench-0.1.0-SNAPSHOT.jar:$root/bench/target/lib/*"
bench=(java -cp "$cp" dev.meshplane.bench.PipelineBench)
kafka=127.0.0.1:9092
registry=http://127.0.0.1:8090/apis/registry/v3
dir="$root/.mesh/bench-pipeline"
echo "== machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
"${bench[@]}" prepare "$kafka" "$registry" "$n" "$dir"
export ORDERS_DB_URI="jdbc:postgresql://127.0.0.1:5432/test?user=postgres"
# The runner as a user starts it, with a heap far smaller than the table: memory must stay flat.
# as the sales pipeline, which may write its domain's topics (docs/security.md)
MESH_CLIENT_ID=pipeline-sales MESH_CLIENT_SECRET=pipeline-sales-local-secret \
  java -Xmx128m -cp "$root/cli/target/mesh.jar" dev.meshplane.cli.MeshCli run "$dir/dataproduct.yaml" > "$dir/run.log" 2>&1 &
pid=$!
samples=()
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/VmRSS/ {print int($2/1024)}' /proc/"$pid"/status 2>/dev/null || true)
  [[ -n "$rss" ]] && samples+=("$rss")
  sleep 1
done
wait "$pid"
cat "$dir/run.log"
echo "runner RSS (MiB, one sample a second, -Xmx128m): ${samples[*]}"
"${bench[@]}" ceiling "$kafka" "$registry" "$n" "$dir"
