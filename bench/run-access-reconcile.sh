#!/usr/bin/env bash
# Governance's team-ACL reconciliation for N products with three teams each (default 10,000), against the running local
# platform's broker. Governance is stopped for the run (its own reconciliation would undo the benchmark's ACLs) and
# started again after it, which puts the real grants' ACLs back.
#   ./demo && bench/run-access-reconcile.sh [N]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cp="$root/bench/target/meshplane-bench-0.1.0-SNAPSHOT.jar:$root/bench/target/lib/*"
n="${1:-10000}"
echo "== machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
"$root/deploy/local/platform" stop governance
trap '"$root/deploy/local/platform" up governance' EXIT
echo "== team ACL reconciliation (governance's AccessAcls.reconcile) as the operator"
java -Xmx512m -Dmeshplane.root="$root" -cp "$cp" dev.meshplane.bench.AccessReconcileBench "$n"
