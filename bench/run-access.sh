#!/usr/bin/env bash
# Access: approve -> first read and revoke -> first refusal, against the running local platform after ./demo
# (sales/orders-daily-summary published, its topic holding rows).
#   ./demo && bench/run-access.sh [ROUNDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cp="$root/bench/target/meshplane-bench-0.1.0-SNAPSHOT.jar:$root/bench/target/lib/*"
n="${1:-200}"
echo "== machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
echo "== approve -> read, revoke -> refusal: $n rounds (governance, broker, identity provider of the local platform)"
java -Xmx256m -cp "$cp" dev.meshplane.bench.AccessBench http://127.0.0.1:8081 127.0.0.1:9092 \
  http://127.0.0.1:8180/realms/meshplane/protocol/openid-connect/token "$n"
