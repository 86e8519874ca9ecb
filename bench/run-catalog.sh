#!/usr/bin/env bash
# Catalog benchmark: load N products through mesh.products, then GET-one and search at a steady rate from a
# separate process on loopback, the catalog's memory, and a restart of the catalog with N products in its stores.
#   ./mvnw -DskipTests install && deploy/local/platform up && bench/run-catalog.sh [N] [RATE] [SECONDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cp="$root/bench/target/meshplane-bench-0.1.0-SNAPSHOT.jar:$root/bench/target/lib/*"
n="${1:-100000}"; rate="${2:-2000}"; seconds="${3:-30}"
catalog=http://127.0.0.1:8080
rss() { grep VmRSS "/proc/$(cat "$root/.mesh/run/catalog.pid")/status" | awk '{print int($2/1024) " MiB"}'; }
echo "== machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
echo "== catalog RSS before loading: $(rss)"
java -Xmx512m -Dmeshplane.root="$root" -cp "$cp" dev.meshplane.bench.CatalogLoader 127.0.0.1:9092 http://127.0.0.1:8090/apis/registry/v3 "$catalog" "$n"
echo "== catalog RSS with $n products: $(rss)"
java -Xmx512m -cp "$cp" dev.meshplane.bench.HttpLoad "$catalog" "$n" "$rate" "$seconds"
echo "== catalog RSS after the load: $(rss)"
"$root/deploy/local/platform" stop catalog
start=$(date +%s%N)
"$root/deploy/local/platform" up catalog | tail -1
echo "== catalog restart with $n products: ready $(( ($(date +%s%N) - start) / 1000000 )) ms after the start command"
grep -h "read from the state folder" "$root/.mesh/run/catalog.log" | tail -3
echo "== catalog RSS after the restart: $(rss)"
java -Xmx512m -cp "$cp" dev.meshplane.bench.HttpLoad "$catalog" "$n" "$rate" "$seconds"
echo "== catalog RSS after the load: $(rss)"
