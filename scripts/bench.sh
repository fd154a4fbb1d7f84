#!/usr/bin/env bash
# `npm run bench [-- --quick]`: installs what the benchmark needs (Prometheus, Chromium) through the same
# script CI uses, then runs it. Results: bench-results/bench-<date>.json and the printed table.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-system-deps.sh
exec node scripts/bench/run.mjs "$@"
