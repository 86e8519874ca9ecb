#!/usr/bin/env bash
# The catalog's pages: load N products through mesh.products (MESH_BENCH_LOADED=1: the N are loaded already), then
# what each page transfers and the product, search, browse and as-you-type pages at RATE pages/s for SECONDS each.
#   ./mvnw -DskipTests install && deploy/local/platform up && bench/run-pages.sh [N] [RATE] [SECONDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cp="$root/bench/target/meshplane-bench-0.1.0-SNAPSHOT.jar:$root/bench/target/lib/*"
n="${1:-100000}"; rate="${2:-200}"; seconds="${3:-30}"
catalog=http://127.0.0.1:8080
echo "== machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
if [[ "${MESH_BENCH_LOADED:-}" != "1" ]]; then
  java -Xmx512m -Dmeshplane.root="$root" -cp "$cp" dev.meshplane.bench.CatalogLoader 127.0.0.1:9092 \
      http://127.0.0.1:8090/apis/registry/v3 "$catalog" "$n"
fi
products="$(curl -s "$catalog/api/v1/products?size=1" | sed -nE 's/.*"total":([0-9]+).*/\1/p')"
echo "== $products products in the catalog"
java -Xmx512m -cp "$cp" dev.meshplane.bench.PageLoad "$catalog" "$n" "$rate" "$seconds"
echo "== catalog RSS after the load: $(grep VmRSS "/proc/$(cat "$root/.mesh/run/catalog.pid")/status" | awk '{print int($2/1024) " MiB"}')"
