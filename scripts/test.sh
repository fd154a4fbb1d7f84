#!/usr/bin/env bash
# `npm test`: system packages, type-check, lint, every package's tests, then the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-system-deps.sh

echo "== type-check"
npx tsc --noEmit

echo "== lint"
npx backstage-cli repo lint

echo "== unit and integration tests"
CI=true npx backstage-cli repo test --maxWorkers=2

echo "== browser tests"
node e2e/run.mjs

echo "== production-shape tests (PostgreSQL, Redis, Prometheus, two backend replicas, short load and fault run)"
node test/production/run.mjs
