#!/usr/bin/env bash
# The full load-and-fault suite on the production shape (PostgreSQL, Redis, Prometheus, two replicas):
# 50 clients for 60 s while Argo CD, Kiali, Prometheus and Redis fail in turn; prints the table and
# exits 1 when a target is missed. Extra arguments go to the suite (e.g. --seconds 10 --connections 20).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system-deps.sh
exec node test/production/load-fault.mjs "$@"
