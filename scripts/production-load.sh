#!/usr/bin/env bash
# The full load-and-fault suite on the production shape (PostgreSQL, Redis, Prometheus, two replicas):
# 50 clients through eight 60 s phases while Argo CD, Kiali, Prometheus and Redis fail in turn (down,
# hanging, slow, failing half their answers, flapping); prints the table with throughput per phase and
# exits 1 when a target is missed (issue 19's targets included). Extra arguments go to the suite
# (e.g. --phase-seconds 12 --connections 20).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system-deps.sh
exec node test/production/load-fault.mjs "$@"
